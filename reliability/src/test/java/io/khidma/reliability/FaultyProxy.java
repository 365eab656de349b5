package io.khidma.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a server that spoils its answers to the first few requests whose request
 * line starts with a given text. Either the answer is cut: its first bytes reach the client, then
 * the connection drops. Or it stalls: the headers and the first bytes of the body reach the
 * client, then nothing more, with the connection held open. Every other request passes whole.
 */
final class FaultyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final URI target;
    private final String requestLine;
    private final AtomicInteger faultsLeft;
    private final boolean stall;
    private final int bytes;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private FaultyProxy(URI target, String requestLine, int faults, boolean stall, int bytes) throws IOException {
        this.target = target;
        this.requestLine = requestLine;
        this.faultsLeft = new AtomicInteger(faults);
        this.stall = stall;
        this.bytes = bytes;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        var acceptor = new Thread(this::accept, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The first {@code faults} answers to POSTs are cut after their first 12 bytes. */
    static FaultyProxy cuttingPosts(URI target, int faults) throws IOException {
        return new FaultyProxy(target, "POST ", faults, false, 12);
    }

    /**
     * The first {@code faults} answers to requests whose line starts with {@code requestLine} stall
     * after their headers and {@code bodyBytes} bytes of body.
     */
    static FaultyProxy stalling(URI target, String requestLine, int faults, int bodyBytes) throws IOException {
        return new FaultyProxy(target, requestLine, faults, true, bodyBytes);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                var client = listener.accept();
                connections.incrementAndGet();
                var upstream = new Socket(target.getHost(), target.getPort());
                open.add(client);
                open.add(upstream);
                var line = firstLine(client.getInputStream());
                boolean faulty = new String(line, StandardCharsets.ISO_8859_1).startsWith(requestLine)
                        && faultsLeft.getAndDecrement() > 0;
                upstream.getOutputStream().write(line);
                pipe(client.getInputStream(), upstream.getOutputStream(), Long.MAX_VALUE, client, upstream);
                if (faulty && stall) {
                    stallAfterBody(upstream.getInputStream(), client.getOutputStream());
                } else {
                    pipe(
                            upstream.getInputStream(),
                            client.getOutputStream(),
                            faulty ? bytes : Long.MAX_VALUE,
                            client,
                            upstream);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** The request line, with its CRLF, read byte by byte so nothing after it is taken. */
    private static byte[] firstLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b; (b = in.read()) >= 0; previous = b) {
            line.write(b);
            if (previous == '\r' && b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    /** Copies the headers and {@code bytes} of body, then copies nothing more and closes nothing. */
    private void stallAfterBody(InputStream from, OutputStream to) {
        var thread = new Thread(() -> {
            try {
                int matched = 0; // how much of CRLF CRLF has been seen
                long bodyLeft = -1;
                for (int b; bodyLeft != 0 && (b = from.read()) >= 0; ) {
                    to.write(b);
                    if (bodyLeft > 0) {
                        bodyLeft--;
                    } else {
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                        if (matched == 4) {
                            bodyLeft = bytes;
                        }
                    }
                }
                to.flush();
            } catch (IOException e) {
                // the other side went away
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies {@code from} to {@code to} until the end or {@code limit} bytes, then closes both sockets. */
    private static void pipe(InputStream from, OutputStream to, long limit, Socket a, Socket b) {
        var thread = new Thread(() -> {
            var buffer = new byte[8192];
            long left = limit;
            try {
                int n;
                while (left > 0 && (n = from.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                    left -= n;
                }
            } catch (IOException e) {
                // the other side went away
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(FaultyProxy::closeQuietly);
    }
}
