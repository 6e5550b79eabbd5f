package io.stratmon.dashboard.query;

import io.stratmon.dashboard.model.Rollup;
import io.stratmon.dashboard.model.Variable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollupsTest {
    static final Schema.Table ORDERS = new Schema.Table("order_sent", "timestamp", List.of(new Schema.Column("host", "SYMBOL"),
            new Schema.Column("strategy", "VARCHAR"), new Schema.Column("symbol", "SYMBOL"), new Schema.Column("level", "SYMBOL")));
    static final List<Variable> VARIABLES = List.of(new Variable("host", "Host", List.of()), new Variable("strategy", "Strategy", List.of()),
            new Variable("symbol", "Symbol", List.of("price", "order_sent")), new Variable("region", "Region", List.of()));

    @Test
    void keys_are_the_variables_symbol_columns_the_table_has_and_not_the_ones_the_select_names() {
        Rollup.View counts = new Rollup.View("rows_1m_order_sent", "SELECT timestamp, $__keys count() AS n FROM order_sent SAMPLE BY 1m", "order_sent");
        // strategy is a VARCHAR here (the panel then reads the raw table under a strategy choice), region is not a column.
        assertThat(Rollups.keys(counts, ORDERS, VARIABLES)).isEqualTo("\"host\", \"symbol\", ");
        Rollup.View named = new Rollup.View("v", "SELECT timestamp, $__keys Symbol, count() AS n FROM order_sent SAMPLE BY 1m", "order_sent");
        assertThat(Rollups.keys(named, ORDERS, VARIABLES)).isEqualTo("\"host\", ");
        // symbol lists its tables: a table it does not list gets no symbol key.
        Schema.Table fills = new Schema.Table("fill", "timestamp", ORDERS.columns());
        assertThat(Rollups.keys(new Rollup.View("f", "SELECT timestamp, $__keys count() AS n FROM fill SAMPLE BY 1m", "fill"), fills, VARIABLES))
                .isEqualTo("\"host\", ");
        // symbol_id is another column: naming it does not drop the symbol key.
        Rollup.View similar = new Rollup.View("s", "SELECT timestamp, $__keys symbol_id, count() AS n FROM order_sent SAMPLE BY 1m", "order_sent");
        assertThat(Rollups.keys(similar, ORDERS, VARIABLES)).isEqualTo("\"host\", \"symbol\", ");
    }
}
