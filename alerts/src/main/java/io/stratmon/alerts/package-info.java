/**
 * SQL alert rules in Prometheus's rule-file format, evaluated on QuestDB and delivered to Alertmanager and webhooks.
 *
 * <p>The data's path: {@link io.stratmon.alerts.RuleLoader} reads rule files into {@link io.stratmon.alerts.RuleGroup}s of
 * {@link io.stratmon.alerts.AlertRule}s (data; templates compiled, every problem with file:line); the
 * {@link io.stratmon.alerts.RuleEvaluator} runs a rule's query once and returns an {@link io.stratmon.alerts.Evaluation}
 * (samples, no data, or an error); the rule's {@link io.stratmon.alerts.AlertState} (pure, Prometheus's alerting.go) turns
 * it into {@link io.stratmon.alerts.Transition}s and, when due, {@link io.stratmon.alerts.AlertMessage}s; the
 * {@link io.stratmon.alerts.AlertStore} writes transitions to {@code stratmon_alerts} and restores them on start; each
 * {@link io.stratmon.alerts.Notifier} delivers messages from its own thread. {@link io.stratmon.alerts.AlertEngine}
 * wires these on a schedule and keeps a snapshot for the dashboard.
 *
 * <p>Words: a <em>rule</em> is one {@code alert:} entry; an <em>instance</em> (an {@link io.stratmon.alerts.Alert}) is
 * one label set a rule's query returned; a <em>transition</em> is an instance entering pending, firing or resolved; a
 * <em>message</em> is what a notifier sends about an instance.
 */
package io.stratmon.alerts;
