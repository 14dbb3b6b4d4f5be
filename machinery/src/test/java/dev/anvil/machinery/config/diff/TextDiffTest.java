package dev.anvil.machinery.config.diff;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TextDiffTest {

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    @Test
    void equalTexts_haveNoDiff() {
        assertThat(TextDiff.unified("a\nb\n", "a\nb\n")).isEmpty();
        assertThat(TextDiff.unified("a\nb", "a\nb\n")).as("only the final newline differs").isEmpty();
    }

    @Test
    void oneChangedLine_showsThreeLinesOfContext() {
        String before = lines(1, 10);
        String after = before.replace("line 5\n", "line five\n");
        assertThat(TextDiff.unified(before, after)).isEqualTo("""
                --- a
                +++ b
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """);
    }

    @Test
    void additionsAndRemovals_atTheEnds_countLinesAsDiffDoes() {
        assertThat(TextDiff.unified("a\n", "a\nb\n")).isEqualTo("--- a\n+++ b\n@@ -1,1 +1,2 @@\n a\n+b\n");
        assertThat(TextDiff.unified("a\nb\n", "b\n")).isEqualTo("--- a\n+++ b\n@@ -1,2 +1,1 @@\n-a\n b\n");
        assertThat(TextDiff.unified("", "a\n")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n");
    }

    @Test
    void distantChanges_makeTwoHunks_closeOnesOne() {
        String before = lines(1, 30);
        String far = before.replace("line 3\n", "").replace("line 25\n", "line 25\nline 25b\n");
        assertThat(TextDiff.unified(before, far)).contains("@@ -1,6 +1,5 @@\n", "@@ -23,6 +22,7 @@\n")
                .containsOnlyOnce("-line 3\n").containsOnlyOnce("+line 25b\n");
        String near = before.replace("line 3\n", "").replace("line 9\n", "line nine\n");
        assertThat(TextDiff.unified(before, near).lines().filter(l -> l.startsWith("@@")).count()).isOne();
    }

    @Test
    void hugeRewrites_areSummarised() {
        String before = lines(1, 1500);
        String after = before.replace("line", "row");
        assertThat(TextDiff.unified(before, after)).isEqualTo(
                "--- a\n+++ b\n@@ -1,1500 +1,1500 @@ diff too large to display\n");
    }
}
