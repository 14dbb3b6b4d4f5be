package dev.anvil.machinery.config.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line, as Talos's textdiff prints one: {@code --- a}, {@code +++ b}, then
 * hunks with three lines of context. Empty when the texts are equal. The common head and tail are cut off first and
 * the rest compared by longest common subsequence, which is quadratic: past {@link #MAX_CELLS} compared line pairs
 * the diff is one line saying it is too large, as Talos gives up past its own limit.
 */
public final class TextDiff {
    /** How many line pairs the comparison may hold (a change of 1,000 lines against 1,000). */
    public static final long MAX_CELLS = 1_000_000;
    private static final int CONTEXT = 3;

    private TextDiff() {
    }

    /** One line of the script: kept, removed from {@code a}, or added from {@code b}. */
    private record Step(char mark, String line) {
    }

    public static String unified(String a, String b) {
        if (a.equals(b)) {
            return "";
        }
        List<String> before = a.lines().toList();
        List<String> after = b.lines().toList();
        int head = 0;
        while (head < before.size() && head < after.size() && before.get(head).equals(after.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < before.size() - head && tail < after.size() - head
                && before.get(before.size() - 1 - tail).equals(after.get(after.size() - 1 - tail))) {
            tail++;
        }
        List<String> x = before.subList(head, before.size() - tail);
        List<String> y = after.subList(head, after.size() - tail);
        if ((long) (x.size() + 1) * (y.size() + 1) > MAX_CELLS) {
            return "--- a\n+++ b\n@@ -1," + before.size() + " +1," + after.size() + " @@ diff too large to display\n";
        }
        List<Step> steps = new ArrayList<>();
        before.subList(0, head).forEach(line -> steps.add(new Step(' ', line)));
        steps.addAll(middle(x, y));
        before.subList(before.size() - tail, before.size()).forEach(line -> steps.add(new Step(' ', line)));
        if (steps.stream().allMatch(s -> s.mark() == ' ')) {
            return "";  // the same lines, only line ends or a final newline differ
        }
        return "--- a\n+++ b\n" + hunks(steps);
    }

    /** The edit script of the differing middle, from the table of common-subsequence lengths of its suffixes. */
    private static List<Step> middle(List<String> x, List<String> y) {
        int[][] common = new int[x.size() + 1][y.size() + 1];
        for (int i = x.size() - 1; i >= 0; i--) {
            for (int j = y.size() - 1; j >= 0; j--) {
                common[i][j] = x.get(i).equals(y.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                steps.add(new Step(' ', x.get(i++)));
                j++;
            } else if (j == y.size() || (i < x.size() && common[i + 1][j] >= common[i][j + 1])) {
                // on a tie the removal goes first, as diff prints removals before additions at one place
                steps.add(new Step('-', x.get(i++)));
            } else {
                steps.add(new Step('+', y.get(j++)));
            }
        }
        return steps;
    }

    /** Groups the changed steps with their context into hunks; hunks whose context would touch are merged. */
    private static String hunks(List<Step> steps) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (index < steps.size()) {
            int firstChange = index;
            while (firstChange < steps.size() && steps.get(firstChange).mark() == ' ') {
                firstChange++;
            }
            if (firstChange == steps.size()) {
                break;
            }
            int start = Math.max(index, firstChange - CONTEXT);
            int end = firstChange;
            int quiet = 0;
            for (int k = firstChange; k < steps.size() && quiet <= 2 * CONTEXT; k++) {
                if (steps.get(k).mark() == ' ') {
                    quiet++;
                } else {
                    quiet = 0;
                    end = k + 1;
                }
            }
            int stop = Math.min(steps.size(), end + CONTEXT);
            out.append(hunk(steps, start, stop));
            index = stop;
        }
        return out.toString();
    }

    private static String hunk(List<Step> steps, int start, int stop) {
        int oldLine = 1;
        int newLine = 1;
        for (int k = 0; k < start; k++) {
            oldLine += steps.get(k).mark() != '+' ? 1 : 0;
            newLine += steps.get(k).mark() != '-' ? 1 : 0;
        }
        int oldCount = 0;
        int newCount = 0;
        StringBuilder body = new StringBuilder();
        for (Step step : steps.subList(start, stop)) {
            oldCount += step.mark() != '+' ? 1 : 0;
            newCount += step.mark() != '-' ? 1 : 0;
            body.append(step.mark()).append(step.line()).append('\n');
        }
        return "@@ -" + range(oldLine, oldCount) + " +" + range(newLine, newCount) + " @@\n" + body;
    }

    /** diff's convention: an empty range names the line before it. */
    private static String range(int line, int count) {
        return (count == 0 ? line - 1 : line) + "," + count;
    }
}
