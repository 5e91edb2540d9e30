package health.carnet.web.internal.pro;

import health.carnet.document.DocumentRules;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an uploaded file really is, from its first bytes (the browser's declared type is only a
 * hint): PDF, PNG, JPEG, a CDA R2 document (XML) or plain UTF-8 text (DOC-1). Anything else is refused.
 */
final class Upload {

    private Upload() {
    }

    static Optional<String> contentType(byte[] b, String filename) {
        if (b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') {
            return Optional.of("application/pdf");
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Optional.of("image/png");
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        String head = new String(b, 0, Math.min(b.length, 4096), StandardCharsets.UTF_8);
        if (!utf8(b) || head.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String trimmed = head.stripLeading().replace("\uFEFF", "");
        if (trimmed.startsWith("<")) {
            return trimmed.contains("ClinicalDocument") ? Optional.of("text/xml") : Optional.empty();
        }
        String name = filename == null ? "" : filename.toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".txt") || name.isEmpty() || !name.contains(".") ? Optional.of("text/plain") : Optional.empty();
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    static boolean accepted(String contentType) {
        return DocumentRules.CONTENT_TYPES.contains(contentType);
    }
}
