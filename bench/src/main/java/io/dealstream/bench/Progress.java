package io.dealstream.bench;

import java.io.PrintStream;

/** The progress line of a run: rewritten in place on a terminal, a line every 5 s in a log. */
final class Progress {

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private int ticks;
    private int width;

    Progress(PrintStream out) {
        this.out = out;
    }

    void show(String line) {
        ticks++;
        if (terminal) {
            String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
            width = line.length();
            out.print("\r" + padded);
            out.flush();
        } else if (ticks % 5 == 0) {
            out.println(line);
        }
    }

    /** Ends the line (on a terminal). */
    void done() {
        if (terminal && width > 0) {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
        }
        width = 0;
        ticks = 0;
    }
}
