package io.dealstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's Native Memory Tracking summary (the process runs with {@code -XX:NativeMemoryTracking=summary}), read with
 * the jcmd beside this JVM's java: committed MB by category, and the total.
 */
final class NativeMemory {

    /** The option a start needs for {@link #committedMb}. */
    static final String TRACKING = "-XX:NativeMemoryTracking=summary";

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB[,)]");

    private NativeMemory() {
    }

    /** Committed MB by category, biggest first, then "Total"; throws if jcmd cannot read the process. */
    static Map<String, Double> committedMb(long pid) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path jcmd = java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary", "scale=KB")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(jcmd + " " + pid + " VM.native_memory failed: " + out);
        }
        return parse(List.of(out.split("\n")));
    }

    static Map<String, Double> parse(List<String> lines) throws IOException {
        Map<String, Double> categories = new LinkedHashMap<>();
        Double total = null;
        for (String line : lines) {
            Matcher t = TOTAL.matcher(line.strip());
            if (t.find()) {
                total = Long.parseLong(t.group(2)) / 1024.0;
            }
            Matcher c = CATEGORY.matcher(line.strip());
            if (c.find()) {
                categories.put(c.group(1).strip(), Long.parseLong(c.group(3)) / 1024.0);
            }
        }
        if (total == null || categories.isEmpty()) {
            throw new IOException("no Native Memory Tracking summary in: " + String.join("\n", lines));
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        categories.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), Bench.round(e.getValue())));
        sorted.put("Total", Bench.round(total));
        return sorted;
    }
}
