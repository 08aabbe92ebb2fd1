package io.github.flows4j.examples.fm.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.discrete.MarkovChainSequences;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmDiscreteCommandTest {
    private static final Pattern LINE = Pattern.compile("fm-discrete source=(\\w+) loss=(\\w+) kappa_exponent=\\S+ "
            + "length=(\\d+) seed=\\d+ steps=(\\d+) train_s=\\S+ train_loss=(\\S+) nll_bound=(\\S+) "
            + "nll_bound_se=(\\S+) unigram=(\\S+) ar_order=\\d+ ar_nll=\\S+ entropy=(\\S+) sample_nll=(\\S+) "
            + "invalid_transitions=(\\S+) "
            + "nfe=(\\d+) out=(.+)\n");

    static Matcher run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        return m;
    }

    /** The code path of the results row, shorter: the bound beats the unigram baseline and files are written. */
    @Test
    void trainsAndItsBoundBeatsTheUnigramBaseline(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Matcher m = run("fm-discrete", "--length", "8", "--steps", "400", "--batch", "128", "--hidden", "128,128",
                "--lr", "2e-3", "--test-size", "500", "--time-points", "16", "--samples", "200", "--sample-steps",
                "16", "--no-progress", "--out", out.toString());
        assertEquals("mask", m.group(1));
        assertEquals("kl", m.group(2));
        assertEquals(400, Integer.parseInt(m.group(4)));
        MarkovChainSequences data = MarkovChainSequences.demo(8);
        double bound = Double.parseDouble(m.group(6));
        double se = Double.parseDouble(m.group(7));
        assertEquals(data.unigramEntropy(), Double.parseDouble(m.group(8)), 1e-4);
        assertEquals(data.entropyPerToken(), Double.parseDouble(m.group(9)), 1e-4);
        assertTrue(bound + 3 * se < data.unigramEntropy(), m.group());
        assertTrue(bound > data.entropyPerToken() - 3 * se, m.group());
        assertTrue(Double.parseDouble(m.group(11)) < 0.5, "most sampled transitions are possible: " + m.group());
        // the bigram baseline, fitted on the 400 x 128 sequences the flow saw, is near the true entropy
        double ar = arNll(m);
        assertTrue(m.group().contains(" ar_order=1 "), m.group());
        assertEquals(data.entropyPerToken(), ar, 0.02, m.group());
        List<String> samples = Files.readAllLines(out.resolve("samples.txt"));
        assertEquals(100, samples.size());
        assertTrue(samples.get(0).matches("[a-h]{8}"), samples.get(0));
        assertTrue(Checkpoint.read(out.resolve("fm-discrete.ckpt")).parameters().containsKey("net.layers.0.weight"));
    }

    static double arNll(Matcher m) {
        Matcher ar = Pattern.compile(" ar_nll=(\\S+) ").matcher(m.group());
        assertTrue(ar.find(), m.group());
        return Double.parseDouble(ar.group(1));
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun source = CliRun.of("fm-discrete", "--source", "gaussian");
        assertEquals(2, source.exitCode());
        assertTrue(source.err().contains("--source"), source.err());
        CliRun exponent = CliRun.of("fm-discrete", "--kappa-exponent", "0");
        assertEquals(2, exponent.exitCode());
        assertTrue(exponent.err().contains("--kappa-exponent"), exponent.err());
        CliRun order = CliRun.of("fm-discrete", "--ar-order", "9");
        assertEquals(2, order.exitCode());
        assertTrue(order.err().contains("--ar-order must be at most 6"), order.err());
        CliRun negative = CliRun.of("fm-discrete", "--ar-order", "-1");
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--ar-order"), negative.err());
    }

    /**
     * Reproduces the fm-discrete/markov16_mask_kl rows of the results (L = 16, mask source, κ_t = t, generalized KL,
     * 15000 steps; about 95 s with OMP_NUM_THREADS=1 on one core): NLL bound 0.8555 nats/token against the true
     * entropy 0.8044 and the unigram baseline 2.0711.
     */
    @Test
    @Tag("slow")
    void resultsRow(@TempDir Path dir) {
        Matcher m = run("fm-discrete", "--steps", "15000", "--no-progress", "--out", dir.resolve("row").toString());
        System.out.print(m.group());
        MarkovChainSequences data = MarkovChainSequences.demo(16);
        double bound = Double.parseDouble(m.group(6));
        assertEquals(0.8555, bound, 5e-3, m.group());
        assertTrue(bound > data.entropyPerToken(), m.group());
        assertEquals(0.8398, Double.parseDouble(m.group(10)), 5e-3, m.group());
        assertEquals(0.8025, arNll(m), 5e-4, m.group());
    }

    /**
     * The fm-discrete/markov16_bigram row on the default code path: the bigram baseline is fitted on min(steps ·
     * batch, 100000) sequences from a stream split after the flow's, and scored on the same 2000 held-out sequences,
     * so a 400-step run with a tiny flow (400 · 256 &gt; 100000) fits the very same baseline as the 15000-step row.
     */
    @Test
    void theBigramBaselineOfTheResultsRowNeedsNoLongRun(@TempDir Path dir) {
        Matcher m = run("fm-discrete", "--steps", "400", "--hidden", "16", "--time-points", "2", "--samples", "10",
                "--sample-steps", "2", "--no-progress", "--out", dir.resolve("ar").toString());
        assertTrue(m.group().contains(" length=16 ") && m.group().contains(" ar_order=1 "), m.group());
        assertEquals(0.8025, arNll(m), 5e-5, m.group());
        MarkovChainSequences data = MarkovChainSequences.demo(16);
        assertEquals(data.entropyPerToken(), arNll(m), 0.01, m.group());
    }
}
