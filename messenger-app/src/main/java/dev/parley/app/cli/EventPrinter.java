package dev.parley.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the terminal client reports, one line each: a sentence for people, or with
 * {@code --json} one JSON object with an {@code event} field for scripts. Called from several
 * threads; lines never interleave.
 */
public final class EventPrinter {

    private final PrintStream out;
    private final boolean json;
    private final ObjectMapper mapper = new ObjectMapper();

    public EventPrinter(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** @param fields key, value, key, value… (values null are left out) */
    public synchronized void event(String event, String text, Object... fields) {
        if (!json) {
            out.println(text);
            out.flush();
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                m.put(String.valueOf(fields[i]), fields[i + 1]);
            }
        }
        if (!m.containsKey("text")) {
            m.put("text", text);
        }
        try {
            out.println(mapper.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            out.println("{\"event\":\"error\",\"text\":\"cannot print event\"}");
        }
        out.flush();
    }

    public boolean json() {
        return json;
    }

    public void error(String text) {
        event("error", "error: " + text, "text", text);
    }
}
