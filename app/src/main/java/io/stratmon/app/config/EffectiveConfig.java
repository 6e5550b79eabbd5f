package io.stratmon.app.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.mapping.MappingConfig;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The configuration as stratmon will run it, written back as TOML (every key, defaults included), for check-config. */
public final class EffectiveConfig {
    private EffectiveConfig() {}

    public static String toml(StratmonConfig c) {
        StringBuilder b = new StringBuilder();
        b.append("[questdb]\n");
        if (c.questdb().embedded()) {
            b.append("# embedded\n");
            kv(b, "data_dir", c.questdb().dataDir().toString());
            kv(b, "http_port", c.questdb().httpPort());
            kv(b, "pg_port", c.questdb().pgPort());
            kv(b, "ilp_tcp_port", c.questdb().ilpTcpPort());
        } else {
            kv(b, "url", c.questdb().url());
            if (c.questdb().username() != null) {
                kv(b, "username", c.questdb().username());
                b.append("password = \"***\"\n");
            }
        }
        kv(b, "protocol_version", c.shipper().sink().protocolVersion());
        b.append("\n[shipper]\n");
        shipper(b, c.shipper());
        b.append("\n[dashboard]\n");
        kv(b, "enabled", c.dashboard().enabled());
        kv(b, "host", c.dashboard().host());
        kv(b, "port", c.dashboard().port());
        if (c.dashboard().dashboardsDir() != null) kv(b, "dashboards_dir", c.dashboard().dashboardsDir().toString());
        inputs(b, c.shipper().inputs());
        return b.toString();
    }

    /** A shipper config from --telegraf, in stratmon.toml's terms. */
    public static String toml(ShipperConfig s) {
        StringBuilder b = new StringBuilder("[questdb]\n");
        kv(b, "url", s.sink().url());
        b.append("\n[shipper]\n");
        shipper(b, s);
        inputs(b, s.inputs());
        return b.toString();
    }

    private static void shipper(StringBuilder b, ShipperConfig s) {
        kv(b, "state_dir", s.stateDir().toString());
        kv(b, "read_from", s.tail().readFrom().name().toLowerCase());
        kv(b, "max_line_bytes", s.tail().maxLineBytes());
        kv(b, "rotate_wait", s.tail().rotateWait().toMillis() + "ms");
        kv(b, "batch_max_rows", s.maxBatchRows());
        kv(b, "batch_max_bytes", s.maxBatchBytes());
        kv(b, "poll_interval", s.tail().pollInterval().toMillis() + "ms");
        kv(b, "scan_interval", s.tail().scanInterval().toMillis() + "ms");
        kv(b, "dedup", s.dedup());
        kv(b, "metrics_interval", s.metricsInterval().toMillis() + "ms");
    }

    private static void inputs(StringBuilder b, List<InputConfig> inputs) {
        for (InputConfig input : inputs) {
            MappingConfig m = input.mapping();
            b.append("\n[[inputs]]\n");
            kv(b, "files", input.files());
            kv(b, "preset", m.preset());
            if (m.table() != null) kv(b, "table", m.table());
            else kv(b, "name_key", m.nameKey() == null ? "" : m.nameKey());
            kv(b, "table_prefix", m.tablePrefix());
            kv(b, "table_suffix", m.tableSuffix());
            kv(b, "default_table", m.defaultTable());
            kv(b, "time_key", m.timeKey() == null ? "" : m.timeKey());
            kv(b, "time_format", m.timeFormat());
            if (m.timezone() != null) kv(b, "timezone", m.timezone());
            kv(b, "time_fallback", m.timeFallback().key());
            kv(b, "tags", m.tags());
            kv(b, "string_fields", m.stringFields());
            kv(b, "include", m.include());
            kv(b, "exclude", m.exclude());
            kv(b, "other_strings", m.otherStrings().key());
            kv(b, "other_booleans", m.otherBooleans());
            kv(b, "arrays", m.arrays().key());
            if (m.query() != null) kv(b, "query", m.query());
            if (!m.rename().isEmpty()) b.append("rename = ").append(inline(m.rename())).append('\n');
            if (!m.types().isEmpty()) {
                b.append("types = ").append(inline(m.types().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().key(), (x, y) -> x, java.util.LinkedHashMap::new)))).append('\n');
            }
        }
    }

    private static String inline(Map<String, String> map) {
        return map.entrySet().stream().map(e -> quote(e.getKey()) + " = " + quote(e.getValue()))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }

    private static void kv(StringBuilder b, String key, Object value) {
        b.append(key).append(" = ");
        if (value instanceof String s) b.append(quote(s));
        else if (value instanceof List<?> list) b.append(list.stream().map(v -> quote(String.valueOf(v))).collect(Collectors.joining(", ", "[", "]")));
        else b.append(value);
        b.append('\n');
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

}
