package io.stratmon.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratmon.shipper.Shipper;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.sql.QueryResult;
import io.stratmon.testkit.QuestDbExtension;
import io.stratmon.trader.DemoTrader;
import io.stratmon.trader.Profile;
import io.stratmon.trader.TraderOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path for real: the demo trader writes 10,000 lines per profile through Logback, the shipper tails the
 * file into an embedded QuestDB, and every row is compared with its line: table, microsecond timestamp, every value.
 */
class EndToEndIT {
    @RegisterExtension
    static QuestDbExtension questdb = new QuestDbExtension();

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void ten_thousand_seed_lines_arrive_with_exact_prices_and_timestamps() throws Exception {
        shipAndCompare(Profile.SEED, "seed");
    }

    @Test
    void ten_thousand_strategy_lines_arrive_with_exact_values_in_every_table() throws Exception {
        shipAndCompare(Profile.STRATEGY, "strategy");
    }

    private void shipAndCompare(Profile profile, String name) throws Exception {
        Path log = dir.resolve(name + ".jsonl");
        try (DemoTrader trader = new DemoTrader(TraderOptions.defaults(log).withProfile(profile).withRate(50_000)
                .withCount(10_000).withConsole(false).withSeed(7))) {
            assertThat(trader.run()).isEqualTo(10_000);
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(10_000);

        // Expected rows per table, each rendered as "timestamp|col=value|..." (sorted: same-µs rows may come in any order).
        Map<String, List<String>> expected = new TreeMap<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            StringBuilder row = new StringBuilder(node.get("timestamp").asText());
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("timestamp") && !f.getKey().equals("event")) {
                    JsonNode v = f.getValue();
                    row.append('|').append(f.getKey()).append('=').append(v.isNumber() ? Double.toString(v.asDouble()) : v.asText());
                }
            });
            expected.computeIfAbsent(node.get("event").asText(), k -> new ArrayList<>()).add(row.toString());
        }
        if (profile == Profile.STRATEGY) {
            assertThat(expected).containsKeys("price", "order_sent", "fill", "position", "pnl", "heartbeat", "order_rejected", "error");
        } else {
            assertThat(expected).containsOnlyKeys("price_log");
        }

        try (Shipper shipper = Shipper.start(ShipperConfig.of(List.of(log.toString()), questdb.httpUrl(), dir.resolve("state-" + name)).withCredentials(questdb.username(), questdb.password()))) {
            expected.forEach((table, rows) -> questdb.awaitRowCount(table, rows.size(), Duration.ofSeconds(60)));
            assertThat(shipper.metrics().deadLettered()).isZero();
        }
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            QueryResult r = questdb.query("SELECT * FROM '" + e.getKey() + "'");
            List<String> actual = new ArrayList<>();
            for (List<Object> values : r.rows()) {
                StringBuilder row = new StringBuilder();
                Iterator<QueryResult.Column> cols = r.columns().iterator();
                for (Object v : values) {
                    String col = cols.next().name();
                    if (col.equals("timestamp")) row.insert(0, v);
                    else if (col.equals("_src") || col.equals("_offset")) continue; // dedup keys, not the line's fields
                    else if (v != null) row.append('|').append(col).append('=').append(v instanceof Number n ? Double.toString(n.doubleValue()) : v);
                }
                actual.add(row.toString());
            }
            List<String> want = new ArrayList<>(e.getValue());
            // Columns come in table order, fields in line order: compare each row's parts as a set.
            assertThat(normalize(actual)).as("rows of table %s", e.getKey()).isEqualTo(normalize(want));
        }
    }

    private static List<String> normalize(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            String[] parts = row.split("\\|");
            String ts = parts[0];
            String[] rest = java.util.Arrays.copyOfRange(parts, 1, parts.length);
            java.util.Arrays.sort(rest);
            out.add(ts + "|" + String.join("|", rest));
        }
        out.sort(String::compareTo);
        return out;
    }
}
