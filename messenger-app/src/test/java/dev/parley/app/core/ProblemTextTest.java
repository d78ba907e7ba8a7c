package dev.parley.app.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.router.Fault;
import dev.parley.app.router.Lane;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What the user reads when a lane's worker fails. */
class ProblemTextTest {

    @Test
    void aFullDiskUnderTheHistoryIsSaidInWords() {
        IOException full = new IOException("No space left on device");
        String text = Messenger.problem(new Fault(Lane.STORE, "worker on lane STORE failed: " + full, full));
        assertThat(text).startsWith("cannot save to the history: No space left on device.")
                .contains("send it again").doesNotContain("internal error").doesNotContain("IOException");
    }

    @Test
    void anythingElseIsAnInternalErrorWithWhatHappened() {
        IllegalStateException bug = new IllegalStateException("boom");
        assertThat(Messenger.problem(new Fault(Lane.STORE, "worker on lane STORE failed: " + bug, bug)))
                .isEqualTo("internal error: worker on lane STORE failed: " + bug);
    }
}
