package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.DashboardCatalog;
import io.stratmon.dashboard.model.DashboardLoader;
import io.stratmon.dashboard.model.Panel;
import io.stratmon.dashboard.model.Rollup;
import io.stratmon.sql.SqlClient;
import io.stratmon.sql.SqlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Creates the materialized views the dashboards' rollups read, once their base table exists (the shipper creates it
 * at its first row). Run every few seconds; a view that exists is left alone, a base table that does not exist yet is
 * tried again later, any other refusal is logged once. Panels read their raw table until the view is there.
 * This is the dashboard's only DDL, and it comes from dashboard files on the server, never from the page.
 */
public final class Rollups implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    private final SqlClient sql;
    private final DashboardCatalog catalog;
    private final Set<String> ready = new HashSet<>();
    private final Set<String> warned = new HashSet<>();

    public Rollups(SqlClient sql, DashboardCatalog catalog) {
        this.sql = sql;
        this.catalog = catalog;
    }

    @Override
    public void run() {
        try {
            for (DashboardLoader.Result r : catalog.all()) {
                if (!(r instanceof DashboardLoader.Result.Ok ok)) continue;
                for (Panel panel : ok.dashboard().panels()) {
                    if (panel.rollup() != null) ensure(panel.rollup());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Cannot maintain rollups: {}", e.toString());
        }
    }

    /** Creates the view unless it exists; returns whether it exists now. */
    public synchronized boolean ensure(Rollup rollup) {
        String view = rollup.view();
        if (ready.contains(view)) return true;
        try {
            if (sql.query("SELECT count() FROM tables() WHERE table_name = " + Sql.literal(view)).longValue(0, 0) == 0) {
                sql.query("CREATE MATERIALIZED VIEW IF NOT EXISTS " + Sql.identifier(view) + " AS (" + rollup.create() + ") PARTITION BY DAY");
                log.info("Created rollup view [view={}, minInterval={}]", view, rollup.minInterval());
            }
            ready.add(view);
            return true;
        } catch (SqlException e) {
            if (!PanelRunner.isMissingTable(e) && !e.isUnreachable() && warned.add(view)) {
                log.warn("Cannot create rollup view; its panels read the raw table [view={}]: {}", view, e.getMessage());
            }
            return false;
        }
    }
}
