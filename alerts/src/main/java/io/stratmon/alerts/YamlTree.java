package io.stratmon.alerts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML read into plain maps, lists and scalars that remember their line, so that rule-file problems can say
 * {@code strategy.yml:12}. Jackson's tree model forgets locations; this reads the token stream instead.
 */
final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    /** A value and the (1-based) line it starts on: a Map of String to Node, a List of Node, a String, Number, Boolean or null. */
    record Node(Object value, int line) {
        boolean isMap() {
            return value instanceof Map;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        boolean isList() {
            return value instanceof List;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return (List<Node>) value;
        }

        boolean isScalar() {
            return !isMap() && !isList() && value != null;
        }

        String describe() {
            if (value == null) return "nothing";
            if (isMap()) return "a mapping";
            if (isList()) return "a list";
            if (value instanceof String s) return "a string [value=" + s + "]";
            return "a " + value.getClass().getSimpleName().toLowerCase() + " [value=" + value + "]";
        }
    }

    /** Thrown for YAML that does not parse at all; the message names the line. */
    static final class YamlException extends Exception {
        final int line;

        YamlException(String message, int line) {
            super(message);
            this.line = line;
        }
    }

    private YamlTree() {}

    /** The first document of {@code text}, or a Node holding null when the text is empty. */
    static Node parse(String text) throws YamlException {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) return new Node(null, 1);
            Node root = read(p, t);
            if (p.nextToken() != null) {
                throw new YamlException("more than one YAML document (---); put each rule file in its own file", line(p));
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new YamlException("not valid YAML: " + e.getOriginalMessage(), line);
        } catch (IOException e) {
            throw new YamlException("cannot read YAML: " + e.getMessage(), 0);
        }
    }

    private static Node read(JsonParser p, JsonToken t) throws IOException, YamlException {
        int line = line(p);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    if (map.containsKey(key)) throw new YamlException("key '" + key + "' appears twice", keyLine);
                    // The key's line, not the value's: a nested mapping or a block scalar starts on the next line.
                    map.put(key, new Node(read(p, p.nextToken()).value(), keyLine));
                }
                return new Node(map, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                JsonToken v;
                while ((v = p.nextToken()) != JsonToken.END_ARRAY) list.add(read(p, v));
                return new Node(list, line);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(p.getNumberValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(p.getBooleanValue(), line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> throw new YamlException("unexpected YAML token " + t, line);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
