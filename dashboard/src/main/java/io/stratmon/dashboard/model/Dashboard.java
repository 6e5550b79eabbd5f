package io.stratmon.dashboard.model;

import java.util.List;
import java.util.Optional;

/**
 * A validated dashboard: panels in page order.
 *
 * @param id     the file name without extension ({@code default} for the built-in one)
 * @param source where it was read from, for messages ({@code classpath:dashboards/default.toml} or a path)
 */
public record Dashboard(String id, String title, String description, List<Panel> panels, String source) {

    public Optional<Panel> panel(String panelId) {
        return panels.stream().filter(p -> p.id().equals(panelId)).findFirst();
    }
}
