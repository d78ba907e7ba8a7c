package dev.parley.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a frame's payload is. Written on the wire as the constant's name. Each type carries
 * the largest payload it may declare; the reader checks it before allocating anything.
 */
public enum FrameType {
    /** A request or a pushed event; {@code command} says which, the payload is a JSON object. */
    COMMAND(64 * 1024),
    /** Success reply to the COMMAND whose id is in {@code re}; payload is a JSON object. */
    OK(1024 * 1024),
    /** Failure reply (or unsolicited error); {@code code} and {@code error} in the header. */
    ERROR(64 * 1024),
    /** Peer-to-peer chat text, UTF-8. */
    TEXT(64 * 1024),
    /** Acknowledges a stored TEXT (by id) on a direct link. */
    ACK(4 * 1024),
    /** Keep-alive probes on a direct link. */
    PING(4 * 1024),
    PONG(4 * 1024),
    /** Opening frame of a direct link: who I am, version, capabilities. */
    HELLO(64 * 1024),
    /** One chunk of a file at {@code offset}. */
    FILE(1024 * 1024),
    /** One encoded video picture. */
    VIDEO(2 * 1024 * 1024),
    /** One encoded audio frame. */
    AUDIO(64 * 1024);

    private final int maxPayload;

    FrameType(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** The default payload limit of this type. */
    public int maxPayload() {
        return maxPayload;
    }

    private static final Map<String, FrameType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, x -> x));

    /** The type written as {@code name}, or empty for a type this version does not know. */
    public static Optional<FrameType> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }
}
