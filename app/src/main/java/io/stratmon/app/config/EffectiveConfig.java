package io.stratmon.app.config;

import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;
import io.stratmon.shipper.config.ConfigKey;
import io.stratmon.shipper.config.InputReader;
import io.stratmon.shipper.mapping.MappingConfig;

import java.util.List;
import java.util.Objects;

/**
 * The configuration as stratmon will run it, written back as TOML by the table of keys ({@link ConfigKeys#KEYS},
 * {@link InputReader#KEYS}): every key, defaults included and marked, for {@code check-config}. Reading it back gives
 * the same config ({@code ConfigRoundTripTest}), secrets aside.
 */
public final class EffectiveConfig {
    private EffectiveConfig() {}

    /** Passwords as {@code "***"}: what {@code check-config} prints. */
    public static String toml(StratmonConfig c) {
        return toml(c, false);
    }

    /** @param showSecrets write passwords as they are (for the round trip), not as {@code "***"} */
    public static String toml(StratmonConfig c, boolean showSecrets) {
        return toml(c, ConfigKeys.sections(), showSecrets);
    }

    /** A shipper config from --telegraf, in stratmon.toml's terms (its [questdb], [shipper] and [[inputs]]). */
    public static String toml(ShipperConfig s) {
        StratmonConfig.QuestDb questdb = StratmonConfig.defaults().questdb().withUrl(s.sink().url())
                .withUsername(s.sink().username()).withPassword(s.sink().password());
        StratmonConfig c = StratmonConfig.defaults().withQuestdb(questdb).withShipper(s);
        return toml(c, List.of("questdb", "shipper"), false);
    }

    private static String toml(StratmonConfig c, List<String> sections, boolean showSecrets) {
        StringBuilder b = new StringBuilder();
        for (String section : sections) {
            if (b.length() > 0) b.append('\n');
            b.append('[').append(section).append("]\n");
            if (section.equals("questdb")) b.append(c.questdb().embedded() ? "# embedded\n" : "# external\n");
            for (ConfigKey<StratmonConfig, ?> key : ConfigKeys.KEYS) {
                if (!key.section().equals(section)) continue;
                String line = key.toml(c);
                if (line == null) continue;
                if (!showSecrets && ConfigKeys.SECRETS.contains(key.path())) line = key.name() + " = \"***\"";
                b.append(line).append(key.isDefault(c) ? "  # default" : "").append('\n');
            }
            if (section.equals("alerts")) b.append(AlertsSection.toml(c.alerts()));
        }
        for (InputConfig input : c.shipper().inputs()) {
            b.append("\n[[inputs]]\n");
            InputConfig preset = new InputConfig(input.files(), MappingConfig.preset(input.mapping().preset()));
            for (ConfigKey<InputConfig, ?> key : InputReader.KEYS) {
                String line = key.toml(input);
                if (line == null) continue;
                boolean fromPreset = key != InputReader.KEYS.get(0) && key != InputReader.PRESET
                        && Objects.equals(key.value(input), key.value(preset));
                b.append(line).append(fromPreset ? "  # preset" : "").append('\n');
            }
        }
        return b.toString();
    }

    /** Every key of the table, one per line: {@code shipper.max_line_bytes  integer  default 1048576  longer lines are dead-lettered}. */
    public static String keys() {
        StringBuilder b = new StringBuilder();
        java.util.stream.Stream.concat(ConfigKeys.KEYS.stream(), InputReader.KEYS.stream()).forEach(k -> {
            String defaultText = k.defaultToml() != null ? "default " + k.defaultToml()
                    : k == InputReader.LABELS ? "default {host = host name}"
                    : k.section().equals("inputs") && k != InputReader.KEYS.get(0) ? "default: the preset's" : "no default";
            b.append(String.format("%-28s %-44s %-32s %s%n", k.path(), k.type().name(), defaultText, k.description()));
        });
        return b.toString();
    }
}
