package health.carnet.web.internal;

import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;
import health.carnet.access.AccessRequest;
import health.carnet.access.Action;
import health.carnet.access.Consent;
import health.carnet.access.Consents;
import health.carnet.access.Gate;
import health.carnet.directory.Directory;
import health.carnet.document.Documents;
import health.carnet.dossier.Dossier;
import health.carnet.dossier.Dossiers;
import health.carnet.fhir.DossierCopy;
import health.carnet.shared.Actor;
import health.carnet.shared.Permit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The complete copy of a dossier (DOS-7): a readable PDF summary (identity, documents with their
 * French type names and Paris dates, consents, access history) and a ZIP of every document's body
 * (decrypted, named readably), that PDF and the FHIR R4 Bundle {@code Patient/$everything} gives.
 * One gate decision (EXPORT_DOSSIER, audited once) per copy; every part is read with that permit,
 * so the copy holds exactly what its reader may see (DOC-5, DOC-7, MIN-3).
 */
@Component
class PortalCopy {

    /** The PDF lists at most this many history entries; the FHIR Bundle holds them all. */
    static final int HISTORY_IN_PDF = 2000;
    private static final int CHUNK = 200;

    private final Gate gate;
    private final Dossiers dossiers;
    private final Documents documents;
    private final Consents consents;
    private final Directory directory;
    private final PortalHistory history;
    private final DossierCopy fhirCopy;
    private final MessageSource messages;

    PortalCopy(Gate gate, Dossiers dossiers, Documents documents, Consents consents, Directory directory, PortalHistory history,
               DossierCopy fhirCopy, MessageSource messages) {
        this.gate = gate;
        this.dossiers = dossiers;
        this.documents = documents;
        this.consents = consents;
        this.directory = directory;
        this.history = history;
        this.fhirCopy = fhirCopy;
        this.messages = messages;
    }

    /** The gate's decision for one copy (audited once): refused like any other request. */
    Permit permit(Actor me, UUID dossierId, String what) {
        return gate.authorize(new AccessRequest(me, Action.EXPORT_DOSSIER, dossierId), "portail: copie du dossier (" + what + ")");
    }

    /** The readable summary. */
    byte[] pdf(Permit permit, Actor me, Locale locale) {
        Dossier d = dossiers.identity(permit);
        List<DocumentCard> cards = cards(permit, locale);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Font title = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 18);
            Font h2 = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 13);
            Font body = FontFactory.getFont(FontFactory.HELVETICA, 10);
            Font small = FontFactory.getFont(FontFactory.HELVETICA, 9);
            doc.add(new Paragraph(pdfText(msg("copie.pdf.titre", locale)), title));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.editeLe", locale, Words.moment(java.time.Instant.now(), locale))), small));
            doc.add(new Paragraph(" "));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.identite", locale)), h2));
            doc.add(new Paragraph(pdfText(d.givenNames() + " " + d.familyName()), body));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.naissance", locale, Words.day(d.birthDate(), locale))), body));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.ins", locale, d.ins().value())), body));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.etat", locale, msg("copie.etat." + d.state().name(), locale))), body));
            doc.add(new Paragraph(" "));
            doc.add(new Paragraph(pdfText(msg("copie.pdf.documents", locale, cards.size())), h2));
            if (cards.isEmpty()) {
                doc.add(new Paragraph(pdfText(msg("copie.pdf.aucunDocument", locale)), body));
            }
            for (DocumentCard c : cards) {
                doc.add(new Paragraph(pdfText("• " + c.title() + " — " + c.type() + (c.category() == null ? "" : " (" + c.category() + ")")), body));
                doc.add(new Paragraph(pdfText("   " + c.date() + " · " + c.author() + (c.profession() == null ? "" : ", " + c.profession())
                        + (c.masked() ? " · " + msg("copie.pdf.masque", locale) : "")), small));
            }
            doc.add(new Paragraph(" "));
            List<Consent> active = consents.list(permit, false);
            doc.add(new Paragraph(pdfText(msg("copie.pdf.consentements", locale)), h2));
            if (active.isEmpty()) {
                doc.add(new Paragraph(pdfText(msg("copie.pdf.aucunConsentement", locale)), body));
            }
            for (Consent c : active) {
                doc.add(new Paragraph(pdfText("• " + msg("copie.consentement." + c.kind().name(), locale) + subject(c)
                        + " — " + msg("copie.pdf.depuis", locale, Words.moment(c.createdAt(), locale))), body));
            }
            doc.add(new Paragraph(" "));
            List<PortalHistory.Line> lines = history.all(permit, me, HISTORY_IN_PDF, locale);
            doc.add(new Paragraph(pdfText(msg("copie.pdf.historique", locale)), h2));
            if (lines.size() == HISTORY_IN_PDF) {
                doc.add(new Paragraph(pdfText(msg("copie.pdf.historiqueTronque", locale, HISTORY_IN_PDF)), small));
            }
            for (PortalHistory.Line l : lines) {
                doc.add(new Paragraph(pdfText("• " + l.when() + " · " + l.who() + (l.profession() == null ? "" : " (" + l.profession() + ")")
                        + " · " + l.what() + (l.refused() ? " · " + msg("copie.pdf.refuse", locale) : "")
                        + (l.mode() == null ? "" : " · " + l.mode()) + (l.reason() == null ? "" : " : « " + l.reason() + " »")), small));
            }
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not render the dossier's copy", e);
        }
        return out.toByteArray();
    }

    /** The ZIP, written as it goes: documents one after the other (never all in memory), the PDF, the FHIR Bundle. */
    void zip(Permit permit, Actor me, Locale locale, String fhirBase, OutputStream target) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(msg("copie.zip.resume", locale)));
            zip.write(pdf(permit, me, locale));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("dossier-fhir.json"));
            zip.write(fhirCopy.bundleJson(permit, me, fhirBase).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            Set<String> names = new HashSet<>();
            String folder = msg("copie.zip.dossierDocuments", locale) + "/";
            for (int offset = 0; ; offset += CHUNK) {
                List<Documents.Sealed> page = documents.page(permit, PortalDocuments.current(), offset, CHUNK);
                for (Documents.Sealed s : page) {
                    var meta = documents.open(permit, s);
                    Documents.Sealed withContent = documents.fetch(meta.id(), true).orElse(null);
                    if (withContent == null) {
                        continue;
                    }
                    byte[] bytes = documents.content(permit, withContent);
                    DocumentCard card = DocumentCard.of(meta, documents.metadataJson(permit, s), directory, locale);
                    String base = folder + meta.indexedAt().atZone(Words.PARIS).toLocalDate() + " " + fileName(card.title());
                    String name = base + extension(meta.contentType());
                    for (int i = 2; !names.add(name); i++) {
                        name = base + " (" + i + ")" + extension(meta.contentType());
                    }
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write(bytes);
                    zip.closeEntry();
                }
                if (page.size() < CHUNK) {
                    break;
                }
            }
        }
    }

    private List<DocumentCard> cards(Permit permit, Locale locale) {
        List<DocumentCard> out = new ArrayList<>();
        for (int offset = 0; ; offset += CHUNK) {
            List<Documents.Sealed> page = documents.page(permit, PortalDocuments.current(), offset, CHUNK);
            page.forEach(s -> out.add(DocumentCard.of(documents.open(permit, s), documents.metadataJson(permit, s), directory, locale)));
            if (page.size() < CHUNK) {
                return out;
            }
        }
    }

    private String subject(Consent c) {
        if (c.subject() == null) {
            return "";
        }
        var p = DocumentCard.professional(directory, c.subject());
        if (p != null) {
            return " : " + (p.civility() != null && p.civility().startsWith("D") ? "Dr " : "") + p.displayName()
                    + (p.professionLabel() == null ? "" : ", " + p.professionLabel());
        }
        return directory.structure(c.subject()).map(s -> " : " + s.name()).orElse("");
    }

    static String extension(String contentType) {
        return switch (contentType == null ? "" : contentType) {
            case "application/pdf" -> ".pdf";
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "text/plain" -> ".txt";
            case "application/fhir+json", "application/json" -> ".json";
            default -> ".xml";
        };
    }

    /** A title as a file name every system accepts: letters (accents kept), digits, spaces, dashes; 80 characters at most. */
    static String fileName(String title) {
        String s = title == null ? "" : title.replaceAll("[^\\p{L}\\p{N} _-]", " ").replaceAll("\\s+", " ").trim();
        if (s.isEmpty()) {
            s = "document";
        }
        return s.length() > 80 ? s.substring(0, 80).trim() : s;
    }

    /** The PDF's standard fonts are WinAnsi: the narrow no-break space of French typography becomes a no-break space. */
    private static String pdfText(String s) {
        return s.replace('\u202F', '\u00A0');
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
