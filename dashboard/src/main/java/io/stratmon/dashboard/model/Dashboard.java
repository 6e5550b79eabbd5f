package io.stratmon.dashboard.model;

import java.util.List;
import java.util.Optional;

/**
 * A validated dashboard: panels in page order.
 *
 * @param id     the file name without extension ({@code default} for the built-in one)
 * @param source    where it was read from, for messages ({@code classpath:dashboards/default.toml} or a path)
 * @param variables the header's selectors (host, strategy, symbol...), in file order
 */
public record Dashboard(String id, String title, String description, List<Panel> panels, String source, List<Variable> variables) {

    public Dashboard(String id, String title, String description, List<Panel> panels, String source) {
        this(id, title, description, panels, source, List.of());
    }

    public Optional<Variable> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public Optional<Panel> panel(String panelId) {
        return panels.stream().filter(p -> p.id().equals(panelId)).findFirst();
    }
}
