package io.stratmon.app;

import io.stratmon.app.config.ConfigLoader;
import io.stratmon.shipper.InputConfig;
import io.stratmon.shipper.ShipperConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --label NAME=VALUE} (repeatable) of {@code ship}, {@code up} and {@code demo}: a constant label on every row of
 * every input, over what the config sets; inputs that do not set {@code host} get the machine's host name.
 */
final class LabelOption {
    static final String DESCRIPTION = "A constant SYMBOL column on every row of every input (repeatable), e.g. --label strategy=mm-btc;"
            + " wins over [inputs.labels]. host defaults to this machine's host name; --label host= for none.";

    private LabelOption() {}

    /** The options as a map, in order; a value without {@code =} or with an empty name is refused. */
    static Map<String, String> parse(List<String> options) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (options == null) return labels;
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--label must be NAME=VALUE, e.g. --label strategy=mm-btc [value=" + o + "]");
            labels.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return labels;
    }

    /** Every input with the default labels for what it does not set, then {@code options} over them. */
    static ShipperConfig apply(ShipperConfig config, List<String> options) {
        Map<String, String> cli = parse(options);
        List<InputConfig> inputs = config.inputs().stream()
                .map(i -> i.withLabels(i.labels().orDefaults(ConfigLoader.defaultLabels()).with(cli))).toList();
        return config.withInputs(inputs);
    }
}
