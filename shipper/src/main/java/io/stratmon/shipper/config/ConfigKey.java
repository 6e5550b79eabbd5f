package io.stratmon.shipper.config;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One row of a table of config keys: its path as the user writes it, its type, its default, what it means, and how
 * it is read into and taken out of the config record {@code C}. The table drives reading ({@link #read}), the
 * effective config that {@code check-config} prints ({@link #toml}) and the test that the sample config and the docs
 * name every key.
 *
 * <pre>{@code
 * ConfigKey.of("shipper.max_line_bytes", ValueType.INTEGER, 1_048_576, "Longer lines are dead-lettered.",
 *         c -> c.shipper().tail().maxLineBytes(),
 *         (c, v) -> c.withShipper(c.shipper().withTail(c.shipper().tail().withMaxLineBytes(v))))
 * }</pre>
 *
 * @param path         {@code section.key} ({@code shipper.max_line_bytes}); for an array of tables the section has
 *                     no index ({@code inputs.files})
 * @param defaultValue the value when the key is absent; null when absent means "none" (or, for an input, the preset's)
 * @param get          the value in a config; null when the key does not apply (it is then not written)
 * @param set          a copy of the config with the value
 */
public record ConfigKey<C, T>(String path, ValueType<T> type, T defaultValue, String description,
                              Function<C, T> get, BiFunction<C, T, C> set) {

    public ConfigKey {
        Objects.requireNonNull(path);
        Objects.requireNonNull(type);
        Objects.requireNonNull(get);
        Objects.requireNonNull(set);
        if (path.lastIndexOf('.') < 1) throw new IllegalArgumentException("a key path is section.key [path=" + path + "]");
    }

    public static <C, T> ConfigKey<C, T> of(String path, ValueType<T> type, T defaultValue, String description,
                                            Function<C, T> get, BiFunction<C, T, C> set) {
        return new ConfigKey<>(path, type, defaultValue, description, get, set);
    }

    /** The key inside its table: {@code max_line_bytes}. */
    public String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The table it lives in: {@code shipper}. */
    public String section() {
        return path.substring(0, path.lastIndexOf('.'));
    }

    /**
     * The config with this key's value from {@code table}: the value when present and valid, else the default
     * (when there is one), else the config unchanged. A wrong value is recorded as a problem by the type.
     */
    public C read(ConfigTable table, C config) {
        T value = table.has(name()) ? type.read(table, name()) : null;
        if (value == null && table.has(name())) return config;
        if (value == null) value = defaultValue;
        return value == null ? config : set.apply(config, value);
    }

    /** The value of this key in {@code config}; null when it does not apply. */
    public T value(C config) {
        return get.apply(config);
    }

    /** {@code name = value} as TOML, or null when the key does not apply to this config. */
    public String toml(C config) {
        T value = get.apply(config);
        return value == null ? null : name() + " = " + type.toml(value);
    }

    /** Whether {@code config} has the default value (a key without a default never has). */
    public boolean isDefault(C config) {
        return defaultValue != null && defaultValue.equals(get.apply(config));
    }

    /** The default as TOML, or null when there is none. */
    public String defaultToml() {
        return defaultValue == null ? null : type.toml(defaultValue);
    }
}
