package io.dealstream.bench;

import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import java.io.PrintStream;

/**
 * The stack a benchmark runs on at the moment: killed should the JVM exit under it, brought down when the run ends.
 * A run may change it as it goes (a fresh one per configuration, or the services anew over the same broker and
 * database).
 */
final class BenchStack implements AutoCloseable {

    private final PrintStream out;
    private final Thread killer;
    private volatile Stack stack;

    /** @param run names the shutdown hook, e.g. "bench" */
    BenchStack(String run, PrintStream out) {
        this.out = out;
        this.killer = new Thread(() -> {
            Stack now = stack;
            if (now != null) {
                now.killAll();
            }
        }, run + "-stack-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** The stack of the moment, or null before the first. */
    Stack get() {
        return stack;
    }

    /**
     * Stops what runs (the stack of the moment, or one a previous run left when it was stopped hard), deletes the
     * data and makes a stack of {@code config} the one of the moment; the caller starts it.
     */
    Stack fresh(StackConfig config) {
        Stack next = new Stack(config);
        if (stack != null) {
            stack.down(out);
        } else if (next.anyRunning()) {
            next.down(out);
        }
        next.wipeData(out);
        stack = next;
        return next;
    }

    /** Makes a stack of {@code config} the one of the moment and brings it up over what of the last still runs. */
    Stack upOver(StackConfig config) {
        stack = new Stack(config);
        stack.up(out);
        return stack;
    }

    @Override
    public void close() {
        if (stack != null) {
            out.println("stopping the benchmark's stack");
            stack.down(out);
            stack = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
