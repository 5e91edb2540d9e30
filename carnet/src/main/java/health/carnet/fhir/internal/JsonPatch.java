package health.carnet.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch: add, remove, replace and test, enough for metadata updates. */
final class JsonPatch {
    private JsonPatch() {
    }

    static JsonNode apply(JsonNode document, JsonNode patch) {
        if (patch == null || !patch.isArray()) {
            throw new InvalidRequestException("A JSON Patch is an array of operations.");
        }
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            String name = op.path("op").asText("");
            String path = op.path("path").asText(null);
            if (path == null || !path.startsWith("/")) {
                throw new InvalidRequestException("Each JSON Patch operation needs a path starting with '/'.");
            }
            String[] tokens = path.substring(1).split("/", -1);
            JsonNode parent = doc;
            for (int i = 0; i < tokens.length - 1; i++) {
                parent = child(parent, unescape(tokens[i]), path);
            }
            String last = unescape(tokens[tokens.length - 1]);
            switch (name) {
                case "add" -> add(parent, last, value(op), path);
                case "remove" -> remove(parent, last, path);
                case "replace" -> {
                    remove(parent, last, path);
                    add(parent, last, value(op), path);
                }
                case "test" -> {
                    if (!child(parent, last, path).equals(value(op))) {
                        throw new ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException("JSON Patch test failed at " + path);
                    }
                }
                default -> throw new InvalidRequestException("Unsupported JSON Patch operation '" + name + "'.");
            }
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new InvalidRequestException("JSON Patch add/replace/test need a value.");
        }
        return op.get("value");
    }

    private static JsonNode child(JsonNode parent, String token, String path) {
        JsonNode c = parent.isArray() ? parent.path(index(token, parent.size() - 1, path)) : parent.path(token);
        if (c.isMissingNode()) {
            throw new InvalidRequestException("JSON Patch path " + path + " does not exist.");
        }
        return c;
    }

    private static void add(JsonNode parent, String token, JsonNode value, String path) {
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a) {
            if ("-".equals(token)) {
                a.add(value);
            } else {
                a.insert(index(token, a.size(), path), value);
            }
        } else {
            throw new InvalidRequestException("JSON Patch path " + path + " does not name a container.");
        }
    }

    private static void remove(JsonNode parent, String token, String path) {
        if (parent instanceof ObjectNode o) {
            if (o.remove(token) == null) {
                throw new InvalidRequestException("JSON Patch path " + path + " does not exist.");
            }
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(token, a.size() - 1, path));
        } else {
            throw new InvalidRequestException("JSON Patch path " + path + " does not exist.");
        }
    }

    private static int index(String token, int max, String path) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw new InvalidRequestException("JSON Patch index out of range in " + path);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("JSON Patch path " + path + " needs an array index.");
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
