package io.khidma.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL primary and a streaming hot standby of it, from Debian's PostgreSQL 15
 * ({@code scripts/install-postgresql}), in a folder of their own on loopback ports. As root, the
 * servers run as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class StreamingReplication implements AutoCloseable {

    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path root;
    private final Path primary;
    private final Path standby;
    final int primaryPort;
    final int standbyPort;
    private boolean standbyRunning;

    private StreamingReplication(Path root, int primaryPort, int standbyPort) {
        this.root = root;
        this.primary = root.resolve("primary");
        this.standby = root.resolve("standby");
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
    }

    /** Makes and starts the primary, then the standby from a base backup of it. */
    static StreamingReplication start() throws IOException {
        var root = Files.createTempDirectory("khidma-replication");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        var replication = new StreamingReplication(root, freePort(), freePort());
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", root.toString()));
        }
        replication.startPrimary();
        replication.startStandby();
        return replication;
    }

    String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/postgres";
    }

    String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/postgres";
    }

    private void startPrimary() throws IOException {
        run(asPostgres(
                BIN.resolve("initdb").toString(),
                "-D",
                primary.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-locale",
                "-E",
                "UTF8"));
        append(primary.resolve("postgresql.conf"), """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 4
                hot_standby = on
                fsync = off
                """.formatted(primaryPort, root));
        pgCtl(primary, "start");
    }

    private void startStandby() throws IOException {
        run(asPostgres(
                BIN.resolve("pg_basebackup").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(primaryPort),
                "-U",
                "postgres",
                "-D",
                standby.toString(),
                "-R",
                "-X",
                "stream"));
        append(standby.resolve("postgresql.auto.conf"), "port = " + standbyPort + "\n");
        pgCtl(standby, "start");
        standbyRunning = true;
    }

    /** Stops the standby at once, as a crash would. */
    void stopStandby() {
        if (standbyRunning) {
            standbyRunning = false;
            run(asPostgres(
                    BIN.resolve("pg_ctl").toString(), "-D", standby.toString(), "-m", "immediate", "-w", "stop"));
        }
    }

    @Override
    public void close() {
        stopStandby();
        try {
            run(asPostgres(BIN.resolve("pg_ctl").toString(), "-D", primary.toString(), "-m", "fast", "-w", "stop"));
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void pgCtl(Path data, String action) {
        run(asPostgres(
                BIN.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                root.resolve(data.getFileName() + ".log").toString(),
                "-w",
                "-t",
                "60",
                action));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n" + text);
    }

    private static List<String> asPostgres(String... command) {
        var full = new ArrayList<String>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) {
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
