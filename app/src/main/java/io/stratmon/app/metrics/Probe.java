package io.stratmon.app.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health} or {@code /ready}: a list of named checks, answered as JSON with every check and the reasons of those
 * that fail, 200 when all pass and 503 otherwise:
 * <pre>{@code
 * {"status":"fail","reasons":["shipper: QuestDB unreachable for 42 s [url=http://127.0.0.1:9000]"],
 *  "checks":[{"name":"shipper","ok":false,"detail":"..."}, ...]}
 * }</pre>
 * A check that throws fails with the exception's message; it never becomes a 500.
 */
public final class Probe {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one check: its name, and what it found (the reason, when it fails). */
    public record Check(String name, boolean ok, String detail) {
        public static Check pass(String name, String detail) {
            return new Check(name, true, detail);
        }

        public static Check fail(String name, String detail) {
            return new Check(name, false, detail);
        }
    }

    /** What an endpoint answers: status, content type, body. */
    public record Response(int status, String contentType, String body) {}

    private final List<Supplier<Check>> checks;

    public Probe(List<Supplier<Check>> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<Check> run() {
        List<Check> results = new ArrayList<>(checks.size());
        for (Supplier<Check> c : checks) {
            try {
                results.add(c.get());
            } catch (RuntimeException e) {
                results.add(Check.fail("check", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return results;
    }

    public Response answer() {
        List<Check> results = run();
        boolean ok = results.stream().allMatch(Check::ok);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "fail");
        body.put("reasons", results.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).toList());
        body.put("checks", results);
        try {
            return new Response(ok ? 200 : 503, "application/json", JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            return new Response(500, "application/json", "{\"status\":\"fail\"}");
        }
    }
}
