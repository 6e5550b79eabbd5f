package io.stratmon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON bodies stratmon sends: Alertmanager's API v2 alert list, and Alertmanager's webhook message (version 4). */
final class Payloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    /** {@code POST /api/v2/alerts}: {@code [{labels, annotations, startsAt, endsAt, generatorURL}]}. */
    static byte[] alertmanager(List<AlertMessage> alerts) {
        ArrayNode array = JSON.createArrayNode();
        for (AlertMessage a : alerts) {
            ObjectNode o = array.addObject();
            o.set("labels", JSON.valueToTree(new TreeMap<>(a.labels())));
            o.set("annotations", JSON.valueToTree(new TreeMap<>(a.annotations())));
            if (a.startsAt() != null) o.put("startsAt", time(a.startsAt()));
            if (a.endsAt() != null) o.put("endsAt", time(a.endsAt()));
            o.put("generatorURL", a.generatorUrl());
        }
        return bytes(array);
    }

    /**
     * Alertmanager's {@code notify/webhook} Message for one group (here: one alert name):
     * {@code version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations,
     * externalURL, alerts[{status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}]}.
     */
    static byte[] webhook(String alertname, List<AlertMessage> alerts, String receiver, String externalUrl) {
        ObjectNode m = JSON.createObjectNode();
        m.put("version", "4");
        m.put("groupKey", "{}:{alertname=\"" + alertname.replace("\"", "\\\"") + "\"}");
        m.put("truncatedAlerts", 0);
        m.put("status", alerts.stream().anyMatch(a -> !a.resolved()) ? "firing" : "resolved");
        m.put("receiver", receiver);
        m.set("groupLabels", JSON.valueToTree(Map.of("alertname", alertname)));
        m.set("commonLabels", JSON.valueToTree(common(alerts.stream().map(AlertMessage::labels).toList())));
        m.set("commonAnnotations", JSON.valueToTree(common(alerts.stream().map(AlertMessage::annotations).toList())));
        m.put("externalURL", externalUrl);
        ArrayNode array = m.putArray("alerts");
        for (AlertMessage a : alerts) {
            ObjectNode o = array.addObject();
            o.put("status", a.status());
            o.set("labels", JSON.valueToTree(new TreeMap<>(a.labels())));
            o.set("annotations", JSON.valueToTree(new TreeMap<>(a.annotations())));
            o.put("startsAt", a.startsAt() == null ? "0001-01-01T00:00:00Z" : time(a.startsAt()));
            // Alertmanager sends the zero time as endsAt of a firing alert.
            o.put("endsAt", a.resolved() && a.endsAt() != null ? time(a.endsAt()) : "0001-01-01T00:00:00Z");
            o.put("generatorURL", a.generatorUrl());
            o.put("fingerprint", a.fingerprint());
        }
        return bytes(m);
    }

    /** The pairs every map has (Alertmanager's commonLabels / commonAnnotations). */
    static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) return Map.of();
        Map<String, String> out = new TreeMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        return new LinkedHashMap<>(out);
    }

    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static byte[] bytes(Object node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
