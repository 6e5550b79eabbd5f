package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a Chromium DevTools trace (as {@code Browser.startTracing} writes it) and sums what the page's main thread
 * did from navigation until the page was ready: busy time (top-level tasks), and time per kind of work (script,
 * style, layout, paint, GC). Nested events are counted in their own line and in their parents', so the lines overlap;
 * "busy" does not.
 */
final class PageTrace {
    private PageTrace() {}

    static String summary(Path trace, long readyMs) throws IOException {
        JsonNode root = new ObjectMapper().readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        // The renderer's main thread with the most events is the page's (other renderers are idle or extensions).
        Map<String, Integer> mainThreads = new HashMap<>();
        for (JsonNode e : events) {
            if ("M".equals(e.path("ph").asText()) && "thread_name".equals(e.path("name").asText())
                    && "CrRendererMain".equals(e.path("args").path("name").asText())) {
                mainThreads.put(e.path("pid").asText() + "/" + e.path("tid").asText(), 0);
            }
        }
        for (JsonNode e : events) mainThreads.computeIfPresent(e.path("pid").asText() + "/" + e.path("tid").asText(), (k, n) -> n + 1);
        String main = mainThreads.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (main == null) return "Trace: no renderer main thread in " + trace + "\n";
        long navigation = Long.MAX_VALUE;
        for (JsonNode e : events) {
            if ("navigationStart".equals(e.path("name").asText()) && key(e).equals(main)) navigation = Math.min(navigation, e.path("ts").asLong());
        }
        if (navigation == Long.MAX_VALUE) {
            for (JsonNode e : events) if (key(e).equals(main) && e.has("ts") && e.path("ts").asLong() > 0) navigation = Math.min(navigation, e.path("ts").asLong());
        }
        long end = navigation + readyMs * 1000;
        Map<String, Long> byName = new HashMap<>();
        java.util.List<long[]> tasks = new java.util.ArrayList<>();
        long longest = 0;
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !key(e).equals(main)) continue;
            long ts = e.path("ts").asLong();
            long dur = e.path("dur").asLong();
            long from = Math.max(ts, navigation);
            long to = Math.min(ts + dur, end);
            if (to <= from) continue;
            String name = e.path("name").asText();
            byName.merge(name, to - from, Long::sum);
            if ("RunTask".equals(name) || "ThreadControllerImpl::RunTask".equals(name)) {
                tasks.add(new long[] {from, to});
                longest = Math.max(longest, dur);
            }
        }
        // Top-level tasks nest (RunTask inside ThreadControllerImpl::RunTask): busy is the union of their intervals.
        tasks.sort(java.util.Comparator.comparingLong(x -> x[0]));
        long busy = 0;
        long reach = Long.MIN_VALUE;
        for (long[] x : tasks) {
            if (x[1] <= reach) continue;
            busy += x[1] - Math.max(x[0], reach);
            reach = x[1];
        }
        StringBuilder sb = new StringBuilder("Chromium trace of the last fresh tab, renderer main thread, navigation → ready (" + readyMs + " ms): busy "
                + busy / 1000 + " ms (top-level tasks; longest " + longest / 1000 + " ms), idle " + (readyMs - busy / 1000) + " ms.\n\n"
                + "| work (ms, nested lines overlap) | ms |\n|---|---|\n");
        byName.entrySet().stream().filter(x -> !x.getKey().equals("RunTask") && !x.getKey().equals("ThreadControllerImpl::RunTask"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(16)
                .forEach(x -> sb.append("| ").append(x.getKey()).append(" | ").append(x.getValue() / 1000).append(" |\n"));
        return sb.toString();
    }

    private static String key(JsonNode e) {
        return e.path("pid").asText() + "/" + e.path("tid").asText();
    }
}
