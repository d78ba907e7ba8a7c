package dev.parley.server.auth;

/**
 * Argon2id cost. {@link #DEFAULT} is what the locator uses for every new account (OWASP's
 * m=19 MiB, t=2, p=1; ~95 ms here). {@link #CHEAP_FOR_TESTS} exists so tests and benchmarks can
 * create thousands of accounts directly in a database; no option or message selects it.
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {

    public static final Argon2Params DEFAULT = new Argon2Params(19 * 1024, 2, 1);
    public static final Argon2Params CHEAP_FOR_TESTS = new Argon2Params(64, 1, 1);

    public Argon2Params {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("bad Argon2 parameters m=" + memoryKiB + " t=" + iterations + " p=" + parallelism);
        }
    }
}
