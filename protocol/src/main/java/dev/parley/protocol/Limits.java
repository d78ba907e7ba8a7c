package dev.parley.protocol;

import java.util.EnumMap;
import java.util.Map;

/**
 * Size limits checked before any buffer is allocated. {@link #DEFAULT} uses each type's own limit;
 * a link may choose smaller ones.
 *
 * @param maxHeader            largest header in bytes
 * @param maxPayloadUnknownType payload skipped for a frame whose type this version does not know
 */
public record Limits(int maxHeader, Map<FrameType, Integer> maxPayload, int maxPayloadUnknownType) {

    public static final int MAX_HEADER = 64 * 1024;

    public static final Limits DEFAULT = new Limits(MAX_HEADER, defaults(), 64 * 1024);

    public Limits {
        if (maxHeader <= 0) {
            throw new IllegalArgumentException("maxHeader must be > 0, was " + maxHeader);
        }
        maxPayload = Map.copyOf(maxPayload);
    }

    public int maxPayload(FrameType type) {
        Integer limit = maxPayload.get(type);
        return limit != null ? limit : type.maxPayload();
    }

    private static Map<FrameType, Integer> defaults() {
        Map<FrameType, Integer> m = new EnumMap<>(FrameType.class);
        for (FrameType t : FrameType.values()) {
            m.put(t, t.maxPayload());
        }
        return m;
    }
}
