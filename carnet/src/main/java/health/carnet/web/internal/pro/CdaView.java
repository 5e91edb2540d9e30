package health.carnet.web.internal.pro;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A CDA R2 document rendered readably: its title and each section's title and text, as plain
 * lines (no markup of the document reaches the page, so nothing in it can run). External entities
 * and DTDs are refused.
 */
public record CdaView(String title, List<Section> sections) {

    public record Section(String title, List<String> lines) {
    }

    private static final String HL7 = "urn:hl7-org:v3";
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("paragraph", "item", "tr", "br", "caption", "list", "table",
            "thead", "tbody");

    static Optional<CdaView> parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            org.w3c.dom.Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            Element root = doc.getDocumentElement();
            if (!"ClinicalDocument".equals(root.getLocalName())) {
                return Optional.empty();
            }
            String title = child(root, "title").map(e -> clean(e.getTextContent())).orElse("");
            List<Section> sections = new ArrayList<>();
            var list = root.getElementsByTagNameNS(HL7, "section");
            for (int i = 0; i < list.getLength() && i < 200; i++) {
                Element s = (Element) list.item(i);
                String st = child(s, "title").map(e -> clean(e.getTextContent())).orElse("");
                List<String> lines = new ArrayList<>();
                child(s, "text").ifPresent(t -> lines(t, lines, new StringBuilder()));
                sections.add(new Section(st, lines.stream().filter(l -> !l.isBlank()).toList()));
            }
            return Optional.of(new CdaView(title, sections));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void lines(Node n, List<String> out, StringBuilder current) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                current.append(c.getNodeValue());
            } else if (c.getNodeType() == Node.ELEMENT_NODE) {
                boolean block = BLOCKS.contains(c.getLocalName());
                if (block) {
                    flush(out, current);
                }
                if ("td".equals(c.getLocalName()) || "th".equals(c.getLocalName())) {
                    current.append(current.isEmpty() ? "" : " · ");
                }
                lines(c, out, current);
                if (block) {
                    flush(out, current);
                }
            }
        }
        flush(out, current);
    }

    private static void flush(List<String> out, StringBuilder current) {
        String line = clean(current.toString());
        if (!line.isEmpty()) {
            out.add(line);
        }
        current.setLength(0);
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && name.equals(e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
