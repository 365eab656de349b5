package io.khidma.core.server;

import io.khidma.core.tracing.SqlSpans;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Single statements through plain JDBC, each on a pooled connection in its own commit, for the few
 * statements on a busy request's path where Jdbi's per-statement work (binding by name, its
 * configuration copy, its statement context) costs more than the database does. Everything else
 * uses {@link Database#jdbi()}.
 *
 * <p>Parameters are always bound ({@link Binder}); each statement gets the same client span as a
 * Jdbi statement ({@link SqlSpans}). A failure is an {@link UncheckedSqlException} carrying the
 * driver's {@link SQLException}, so its SQLSTATE maps to the same problem response as Jdbi's.
 *
 * <pre>{@code
 * boolean claimed = database.statements().update(
 *         "INSERT INTO claim (key) VALUES (?) ON CONFLICT DO NOTHING", s -> s.setString(1, key)) == 1;
 * }</pre>
 */
public final class JdbcStatements {

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads a query's result; the result set is positioned before its first row. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** A statement that failed, with the driver's exception as its cause. */
    public static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(String sql, SQLException cause) {
            super("SQL failed (SQLSTATE " + cause.getSQLState() + "): " + sql, cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private final DataSource dataSource;
    private final SqlSpans spans;

    JdbcStatements(DataSource dataSource, SqlSpans spans) {
        this.dataSource = dataSource;
        this.spans = spans;
    }

    /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns how many rows it changed. */
    public int update(String sql, Binder binder) {
        return run(sql, binder, PreparedStatement::executeUpdate);
    }

    /** Runs a query and reads its rows. */
    public <T> T query(String sql, Binder binder, Reader<T> reader) {
        return run(sql, binder, statement -> {
            try (var rows = statement.executeQuery()) {
                return reader.read(rows);
            }
        });
    }

    private interface Execution<T> {
        T execute(PreparedStatement statement) throws SQLException;
    }

    private <T> T run(String sql, Binder binder, Execution<T> execution) {
        var span = spans.start(sql);
        try (var connection = dataSource.getConnection();
                var statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            var result = execution.execute(statement);
            SqlSpans.end(span, null);
            return result;
        } catch (SQLException e) {
            SqlSpans.end(span, e);
            throw new UncheckedSqlException(sql, e);
        } catch (RuntimeException e) {
            SqlSpans.end(span, null);
            throw e;
        }
    }
}
