package dev.parley.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sender that lies, over a real loopback socket: the receiver aborts and touches nothing else. */
class HostileSenderTest {

    @TempDir
    Path dir;

    private static final String ID = "t-1";
    private static final long SIZE = 100_000;

    /** Runs a Download against a fake sender that answers the request with {@code lie}. */
    private Outcome receiveFrom(BiConsumer<FrameWriter, OutputStream> lie) throws Exception {
        Path target = dir.resolve("downloads").resolve("x.bin");
        Files.createDirectories(target.getParent());
        Transfer t = new Transfer(ID, "mallory", false, "x.bin", SIZE, "0".repeat(64), null, target,
                TransferManager.partialFor(target, ID), TransferState.ACTIVE, 0, null, 0, 0, 0);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Frame> request = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    Frame r = new FrameReader(s.getInputStream()).read();
                    FrameWriter w = new FrameWriter(s.getOutputStream());
                    lie.accept(w, s.getOutputStream());
                    try {
                        w.flush();
                    } catch (java.io.IOException closedByUs) {
                        // see below
                    }
                    try {
                        s.getInputStream().readAllBytes();
                    } catch (java.io.IOException closedByUs) {
                        // the lie closed the socket itself
                    }
                    return r;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                c.setSoTimeout(10_000);
                CompletableFuture<Outcome> ended = new CompletableFuture<>();
                Download d = new Download(t, c.getInputStream(), c.getOutputStream(), c, (job, o) -> ended.complete(o));
                Outcome o = d.run();
                Frame r = request.get(10, TimeUnit.SECONDS);
                assertThat(r.type()).isEqualTo(FrameType.FILE);
                assertThat(r.header().offset()).isZero();
                try (var files = Files.list(dir.resolve("downloads"))) {
                    assertThat(files.map(p -> p.getFileName().toString()).toList())
                            .as("only the partial file, inside the downloads folder").isSubsetOf(List.of("x.bin." + ID + ".part"));
                }
                return o;
            }
        }
    }

    private static void write(FrameWriter w, Header h, int len) {
        try {
            w.write(h, new byte[len], 0, len);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aChunkAtTheWrongOffsetAborts() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            write(w, Header.chunk(ID, 0, 1000), 1000);
            write(w, Header.chunk(ID, 5000, 1000), 1000);
        });
        assertThat(o).isInstanceOfSatisfying(Outcome.Hostile.class, h -> assertThat(h.why()).contains("offset 5000").contains("1000 was next"));
    }

    @Test
    void moreBytesThanOfferedAbort() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            for (long off = 0; off < 120_000; off += 40_000) {
                write(w, Header.chunk(ID, off, 40_000), 40_000);
            }
        });
        assertThat(o).isInstanceOfSatisfying(Outcome.Hostile.class, h -> assertThat(h.why()).contains("goes past the 100000 bytes offered"));
    }

    @Test
    void aChunkOfAnotherTransferAborts() throws Exception {
        Outcome o = receiveFrom((w, out) -> write(w, Header.chunk("someone-else", 0, 10), 10));
        assertThat(o).isInstanceOfSatisfying(Outcome.Hostile.class, h -> assertThat(h.why()).contains("someone-else"));
    }

    @Test
    void anOversizedChunkLengthAbortsBeforeAnythingIsAllocated() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            byte[] h = "{\"type\":\"FILE\",\"id\":\"t-1\",\"offset\":0,\"length\":4000000000}".getBytes();
            try {
                out.write(new byte[] {0, 0, 0, (byte) h.length});
                out.write(h);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(o).isInstanceOfSatisfying(Outcome.Hostile.class, h -> assertThat(h.why()).contains("exceeds limit").contains("4,000,000,000"));
    }

    @Test
    void aSenderThatVanishesIsALostConnectionNotAFailure() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            write(w, Header.chunk(ID, 0, 1000), 1000);
            try {
                out.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(o).isInstanceOfSatisfying(Outcome.Lost.class, l -> assertThat(l.why()).contains("at byte 1000"));
    }

    @Test
    void aSenderThatVanishesMidChunkIsALostConnectionNotAFailure() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            write(w, Header.chunk(ID, 0, 1000), 1000);
            try {
                w.flush();
                // a header that promises 50,000 bytes, then 20,000 of them and the end of the stream
                byte[] h = "{\"type\":\"FILE\",\"id\":\"t-1\",\"offset\":1000,\"length\":50000}".getBytes();
                out.write(new byte[] {0, 0, 0, (byte) h.length});
                out.write(h);
                out.write(new byte[20_000]);
                out.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(o).isInstanceOfSatisfying(Outcome.Lost.class, l -> assertThat(l.why()).contains("at byte 1000")
                .contains("stream ended after 20000 of"));
    }

    @Test
    void aSendersErrorIsPassedOn() throws Exception {
        Outcome o = receiveFrom((w, out) -> {
            try {
                w.write(Frame.of(Header.error(null, null, ErrorCode.FILE_CHANGED, "x.bin changed", null)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(o).isEqualTo(new Outcome.Refused(ErrorCode.FILE_CHANGED, "x.bin changed"));
    }
}
