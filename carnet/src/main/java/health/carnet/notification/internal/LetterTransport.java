package health.carnet.notification.internal;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfWriter;
import health.carnet.notification.OutboxMessage;
import health.carnet.notification.TransportSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Letters (DOS-1: a creation code "sent by letter"): one print-ready A4 PDF per message in the
 * spool directory the print provider collects, the address placed for a DL window envelope (right
 * window, as La Poste's standard places it). The file appears whole or not at all: written to a
 * hidden temporary name, forced to disk, then renamed atomically, and only then does the outbox
 * row count as sent (the dispatcher commits after this returns). Its name is the outbox id, so a
 * letter sent again after a crash replaces itself instead of printing twice.
 */
@Component
class LetterTransport {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Millimetres to PDF points. */
    private static final float MM = 72f / 25.4f;

    private final TransportSettings.Letter settings;
    private final Clock clock;

    LetterTransport(TransportSettings settings, Clock clock) {
        this.settings = settings.letter();
        this.clock = clock;
    }

    boolean configured() {
        return settings.configured();
    }

    static String fileName(long outboxId) {
        return "lettre-%012d.pdf".formatted(outboxId);
    }

    /** Writes the letter durably into the spool; returns its path. */
    Path send(OutboxMessage m) throws IOException {
        Path spool = settings.spoolDirectory().toAbsolutePath();
        Files.createDirectories(spool);
        byte[] pdf = render(m);
        Path target = spool.resolve(fileName(m.id()));
        Path tmp = spool.resolve("." + fileName(m.id()) + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(pdf);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(spool);
        return target;
    }

    byte[] render(OutboxMessage m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 25 * MM, 20 * MM, 95 * MM, 20 * MM);
        Font small = FontFactory.getFont(FontFactory.HELVETICA, 9);
        Font body = FontFactory.getFont(FontFactory.HELVETICA, 11);
        Font bold = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 11);
        Font code = FontFactory.getFont(FontFactory.COURIER_BOLD, 14);
        try {
            PdfWriter writer = PdfWriter.getInstance(doc, out);
            doc.addTitle(m.subject());
            doc.open();
            float height = PageSize.A4.getHeight();
            // the sender, top left
            ColumnText sender = new ColumnText(writer.getDirectContent());
            sender.setSimpleColumn(25 * MM, height - 45 * MM, 100 * MM, height - 15 * MM);
            sender.addElement(new Paragraph(settings.returnAddress(), small));
            sender.go();
            // the recipient, in the window of a DL envelope: 100 × 45 mm, 20 mm from the right edge, 50 mm from the top
            ColumnText address = new ColumnText(writer.getDirectContent());
            address.setSimpleColumn(110 * MM, height - 95 * MM, 190 * MM, height - 50 * MM);
            for (String line : addressLines(m.recipient())) {
                address.addElement(new Paragraph(line, body));
            }
            address.go();
            String date = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).format(clock.instant().atZone(PARIS));
            Paragraph dated = new Paragraph("Le " + date, body);
            dated.setAlignment(Element.ALIGN_RIGHT);
            doc.add(dated);
            doc.add(new Paragraph(" ", body));
            doc.add(new Paragraph(new Phrase("Objet : " + m.subject(), bold)));
            doc.add(new Paragraph(" ", body));
            doc.add(new Paragraph("Madame, Monsieur,", body));
            doc.add(new Paragraph(" ", body));
            for (String line : m.body().split("\n")) {
                // a code on its own line, in a typeface where 0 and O, 1 and l differ
                boolean codeLine = line.contains(" : ") && line.substring(line.indexOf(" : ") + 3).matches("[A-Z0-9-]{6,}");
                if (codeLine) {
                    doc.add(new Paragraph(line.substring(0, line.indexOf(" : ") + 2), body));
                    Paragraph c = new Paragraph(line.substring(line.indexOf(" : ") + 3), code);
                    c.setIndentationLeft(10 * MM);
                    doc.add(c);
                } else {
                    doc.add(new Paragraph(line, body));
                }
            }
            doc.add(new Paragraph(" ", body));
            doc.add(new Paragraph("Ce courrier ne contient aucune information médicale. Si vous n'êtes pas à l'origine de"
                    + " cette demande, vous pouvez l'ignorer.", small));
            doc.add(new Paragraph(" ", body));
            doc.add(new Paragraph("Veuillez agréer, Madame, Monsieur, nos salutations distinguées.", body));
            doc.add(new Paragraph("Le service Carnet", body));
            doc.close();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Could not render letter " + m.id(), e);
        }
        return out.toByteArray();
    }

    /** The recipient as up to six lines (the postal standard): lines as given, or a comma-separated address split. */
    static java.util.List<String> addressLines(String recipient) {
        String[] lines = recipient.contains("\n") ? recipient.split("\n") : recipient.split(",\\s*");
        return java.util.Arrays.stream(lines).map(String::trim).filter(l -> !l.isEmpty()).limit(6).toList();
    }

    private static void forceDirectory(Path dir) {
        // the rename is durable only once the directory entry is: fsync the directory where the OS allows it
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a directory be opened for sync
        }
    }
}
