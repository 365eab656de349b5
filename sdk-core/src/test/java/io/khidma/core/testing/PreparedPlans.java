package io.khidma.core.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.khidma.core.server.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What PostgreSQL's plan cache holds on a pool's connections. A prepared statement is planned for
 * its values on its first five runs; after that PostgreSQL keeps one generic plan, unless the generic
 * plan looks dearer than planning for the values at hand. A bound array (the generic plan assumes
 * ten elements) or a bound {@code LIMIT} (a tenth of the table) can make it look so, and then the
 * statement is planned again on every call, for good.
 */
public final class PreparedPlans {

    /** Runs after which PostgreSQL has weighed a generic plan at least once. */
    private static final int PAST_THE_TRIAL = 6;

    private PreparedPlans() {}

    /**
     * The statements prepared on any connection of {@code database}'s pool that were planned for
     * their values on every run, past the five trial runs; each statement once, as PostgreSQL
     * prints it. Borrows every connection of the pool at once, so call it when the load is over.
     */
    public static List<String> plannedOnEveryCall(Database database) throws SQLException {
        var pool = database.dataSource().unwrap(HikariDataSource.class);
        var borrowed = new ArrayList<Connection>();
        var statements = new TreeSet<String>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                borrowed.add(pool.getConnection());
            }
            for (var connection : borrowed) {
                try (var query = connection.prepareStatement("""
                        SELECT statement FROM pg_prepared_statements
                         WHERE generic_plans = 0 AND custom_plans >= ?
                        """)) {
                    query.setInt(1, PAST_THE_TRIAL);
                    try (var rows = query.executeQuery()) {
                        while (rows.next()) {
                            statements.add(rows.getString(1).strip().replaceAll("\\s+", " "));
                        }
                    }
                }
            }
        } finally {
            for (var connection : borrowed) {
                connection.close();
            }
        }
        return List.copyOf(statements);
    }
}
