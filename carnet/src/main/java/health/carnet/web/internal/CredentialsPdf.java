package health.carnet.web.internal;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import java.io.ByteArrayOutputStream;

/** DOS-1: the new patient's login and initial password, as a PDF to download and keep. */
final class CredentialsPdf {
    private CredentialsPdf() {
    }

    static byte[] render(String name, String login, String initialPassword) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document();
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 12);
            Font mono = FontFactory.getFont(FontFactory.COURIER_BOLD, 14);
            doc.add(new Paragraph("Carnet — votre dossier médical partagé", title));
            doc.add(new Paragraph(" "));
            doc.add(new Paragraph("Titulaire : " + name, body));
            doc.add(new Paragraph("Identifiant de connexion :", body));
            doc.add(new Paragraph(login, mono));
            doc.add(new Paragraph("Mot de passe initial :", body));
            doc.add(new Paragraph(initialPassword, mono));
            doc.add(new Paragraph(" "));
            doc.add(new Paragraph("Ce mot de passe doit être changé à la première connexion. À chaque connexion, un code"
                    + " à usage unique vous est envoyé par courriel ou SMS.", body));
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not render the credentials PDF", e);
        }
        return out.toByteArray();
    }
}
