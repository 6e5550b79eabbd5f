package io.stratmon.dashboard.model;

/**
 * One step of a panel's thresholds, as in Grafana: values at or above {@code value} take {@code color}.
 * The first step usually has no value: it is the base color below every other step.
 */
public record Threshold(Double value, String color) {}
