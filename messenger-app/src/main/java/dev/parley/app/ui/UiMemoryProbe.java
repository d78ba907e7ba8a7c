package dev.parley.app.ui;

import dev.parley.app.bench.JsonLine;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The client half of {@code bench ui}'s memory measure, in a process of its own so its resident
 * size is the client's alone: signs in, opens every conversation, prints one JSON line.
 * Arguments: HOME PROFILE PASSWORD SERVER CACHE_DIR.
 */
public final class UiMemoryProbe {

    private UiMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        AppHome home = new AppHome(Path.of(args[0]));
        Profile profile = home.profile(args[1]);
        HostPort server = HostPort.parse(args[3], 0);
        Headless.start(Path.of(args[4]));
        ParleyWindow w = UiBench.window(home, profile, server);
        UiBench.fx(() -> {
            w.submit(new LoginView.Request(server.toString(), false, args[1], args[2], false));
            return null;
        });
        UiBench.until(() -> w.main() != null);
        UiBench.until(() -> w.main().contacts().size() == UiBench.CONVERSATIONS);
        long messages = w.messenger().history().count();
        List<String> peers = UiBench.fx(() -> new ArrayList<>(w.main().contacts().stream().map(Contact::username).toList()));
        for (String peer : peers) {
            UiBench.fx(() -> {
                w.main().open(peer);
                return null;
            });
            UiBench.until(() -> w.main().conversation().items().size() == ConversationPane.PAGE);
        }
        long before = rssKiB();
        // what the app's periodic collection (G1PeriodicGCInterval) does when the user pauses
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        Runtime rt = Runtime.getRuntime();
        new JsonLine("ui", "client_memory")
                .put("conversations", peers.size())
                .put("messages_in_history", messages)
                .put("rss_mb", rssKiB() / 1024)
                .put("rss_mb_before_collection", before / 1024)
                .put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024))
                .put("heap_committed_mb", rt.totalMemory() / (1024 * 1024))
                .put("goal_rss_mb", 300)
                .print();
        System.out.flush();
        UiBench.fx(() -> {
            w.close();
            return null;
        });
        System.exit(0);
    }

    static long rssKiB() throws java.io.IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
