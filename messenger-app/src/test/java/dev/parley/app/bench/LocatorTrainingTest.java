package dev.parley.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training behind the locator's start-up cache drives a real locator process over TLS and
 * stops it cleanly (what makes the JVM write the cache). Writing the cache itself needs a
 * classpath of jars only, which the launcher has and a test run does not.
 */
class LocatorTrainingTest {

    @Test
    void everyClientLogsInLooksUpAndResumesEachRoundAndTheLocatorStopsCleanly() throws Exception {
        LocatorTraining.Counts c = new LocatorTraining(4, 3).run(List.of());

        assertThat(c.logins()).isEqualTo(4);
        assertThat(c.resumes()).isEqualTo(4 * 3);
        assertThat(c.lookups()).isEqualTo(4 * 3 * 50);
        assertThat(c.heartbeats()).isEqualTo(4 * 3 * 10);
        assertThat(c.presenceChanges()).isEqualTo(4 * 3 * 2);
    }
}
