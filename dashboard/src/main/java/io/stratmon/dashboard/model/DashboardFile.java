package io.stratmon.dashboard.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A dashboard file as written (TOML or JSON), before validation. Keys are snake_case; unknown keys are errors. */
record DashboardFile(@JsonProperty("title") String title,
                     @JsonProperty("description") String description,
                     @JsonProperty("panels") List<PanelFile> panels,
                     @JsonProperty("variables") List<VariableFile> variables) {

    record VariableFile(@JsonProperty("name") String name,
                        @JsonProperty("label") String label,
                        @JsonProperty("tables") List<String> tables) {}

    record PanelFile(@JsonProperty("id") String id,
                     @JsonProperty("title") String title,
                     @JsonProperty("kind") String kind,
                     @JsonProperty("sql") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> sql,
                     @JsonProperty("unit") String unit,
                     @JsonProperty("width") Integer width,
                     @JsonProperty("group_by") String groupBy,
                     @JsonProperty("split") Boolean split,
                     @JsonProperty("band") List<String> band,
                     @JsonProperty("right_axis") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> rightAxis,
                     @JsonProperty("thresholds") List<ThresholdFile> thresholds,
                     @JsonProperty("min_interval") String minInterval,
                     @JsonProperty("decimals") Integer decimals,
                     @JsonProperty("empty_text") String emptyText,
                     @JsonProperty("page_size") Integer pageSize,
                     @JsonProperty("tables") List<String> tables,
                     @JsonProperty("rollup") RollupFile rollup) {}

    /** One view ({@code view}, {@code create}) or several ({@code views}), and the panel's statements on them. */
    record RollupFile(@JsonProperty("view") String view,
                      @JsonProperty("create") String create,
                      @JsonProperty("views") List<ViewFile> views,
                      @JsonProperty("min_interval") String minInterval,
                      @JsonProperty("sql") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> sql) {}

    record ViewFile(@JsonProperty("view") String view, @JsonProperty("create") String create) {}

    record ThresholdFile(@JsonProperty("value") Double value, @JsonProperty("color") String color) {}
}
