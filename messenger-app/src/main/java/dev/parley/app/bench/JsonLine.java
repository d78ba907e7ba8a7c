package dev.parley.app.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** One benchmark result: printed as one JSON object on one line of stdout. */
public final class JsonLine {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonLine(String bench, String metric) {
        fields.put("bench", bench);
        fields.put("metric", metric);
    }

    public JsonLine put(String key, Object value) {
        fields.put(key, value instanceof Double d ? Math.round(d * 1000.0) / 1000.0 : value);
        return this;
    }

    public void print() {
        System.out.println(this);
        System.out.flush();
    }

    /** The line as printed. */
    @Override
    public String toString() {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
