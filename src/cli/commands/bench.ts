import { Command } from 'commander';
import { runBench } from '../../bench/run';
import { emit, positiveInt, positiveNumber, seedOption } from '../output';

/** `clip-workshop bench`: the kit's benchmark. */
export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmark: matmul peak and training-step speed (shapes config and the reference size) per backend, then the shapes-bench recipe (2,400 steps, at most 30 s) and held-out zero-shot accuracy')
    .option('--backends <list>', 'comma-separated backends to time (default: every one that loads: tensorflow, wasm, cpu)')
    .option('--steps <n>', 'training steps timed per configuration', positiveInt('--steps'), 20)
    .option('--seconds <s>', 'time cap of the shapes accuracy run (recipe shapes-bench)', positiveNumber('--seconds'), 30)
    .option('--seed <k>', 'seed of the shapes accuracy run (default: the recipe\'s)', seedOption('--seed'))
    .option('--cpu-clock', "budget the accuracy run in this process's CPU seconds (a fair figure when other work shares the CPU)")
    .option('--emoji', 'also run the emoji comparison (recipes emoji-clip-bench and emoji-classifier-bench: four styles in training, two held out)')
    .option('--quick', 'the quick recipes (a first look; the targets are judged on the full ones)')
    .option('--no-accuracy', 'only time the steps; skip the shapes accuracy run')
    .option('--peer <framework>', 'also time the reference step in this framework (torch: the same model, batch and Adam step in PyTorch, Python from CLIP_WORKSHOP_TORCH_PYTHON, else python3 with torch), interleaved with the kit\'s')
    .option('--peer-threads <n>', 'threads of the peer (torch and its BLAS)', positiveInt('--peer-threads'), 1)
    .option('--rounds <n>', 'interleaved rounds of the peer comparison', positiveInt('--rounds'), 3)
    .option('--json', 'print one JSON object')
    .action(async (opts: { backends?: string; steps: number; seconds: number; seed?: number; accuracy: boolean; cpuClock?: boolean; emoji?: boolean; quick?: boolean; json?: boolean; peer?: string; peerThreads: number; rounds: number }) => {
      const r = await runBench({
        backends: opts.backends?.split(',').map((s) => s.trim()),
        steps: opts.steps,
        seconds: opts.seconds,
        seed: opts.seed,
        accuracy: opts.accuracy,
        cpuClock: opts.cpuClock,
        emoji: opts.emoji,
        quick: opts.quick,
        peer: opts.peer,
        peerThreads: opts.peerThreads,
        rounds: opts.rounds,
        log: (line) => process.stderr.write(line + '\n'),
      });
      emit(r, opts.json, () => {
        const lines = [`machine: ${r.machine.cpus} × ${r.machine.cpuModel}, node ${r.machine.node}, tfjs ${r.machine.tfjs}, load ${r.machine.loadAverage.map((x) => x.toFixed(1)).join(' ')}`];
        lines.push('backend  config     batch image patch block×n   width  text         ms/step (CPU ms)  samples/s  GFLOP/s  (matmul peak)');
        for (const t of r.throughput) {
          for (const s of [t.shapes, t.reference]) {
            lines.push(
              `${t.backend.padEnd(8)} ${s.name.padEnd(10)} ${String(s.batch).padStart(5)} ${String(s.imageSize).padStart(5)} ${String(s.patchSize).padStart(5)} ${`${s.imageBlock}×${s.imageBlocks}`.padEnd(13)} ${String(s.imageWidth).padStart(5)}  ${`${s.textEncoder}×${s.textBlocks}`.padEnd(12)} ${s.msPerStep.toFixed(1).padStart(7)} (${s.cpuMsPerStep.toFixed(1).padStart(6)}) ${s.samplesPerSecond.toFixed(0).padStart(10)} ${s.gflopsAchieved.toFixed(2).padStart(8)}  (${t.matmulPeak.gflops.toFixed(1)})`,
            );
          }
          const k = t.reference.kernels;
          const inKernels = k.reduce((a, x) => a + x.ms, 0);
          lines.push(`         reference step by kernel (ms/step, calls): ${k.slice(0, 6).map((x) => `${x.kernel} ${x.ms.toFixed(1)} (${Math.round(x.calls)})`).join(', ')}; all kernels ${inKernels.toFixed(1)} ms in ${Math.round(k.reduce((a, x) => a + x.calls, 0))} calls`);
          if (t.simdPeak) {
            const p = t.simdPeak;
            const peak = (b: 'simd128' | 'relaxed') => (p.gflops[b] === null ? 'not in this runtime' : `${p.gflops[b]!.toFixed(1)} GFLOP/s`);
            lines.push(`         wasm multiply-add peak (registers only, best CPU time): simd128 ${peak('simd128')}, relaxed ${peak('relaxed')}; the kernels run ${p.chosen}`);
          }
          if (t.reference.gemmShapes?.length) {
            const g = t.reference.gemmShapes;
            lines.push(`         reference products (best call, GFLOP/s, share of the peak): ${g.slice(0, 6).map((x) => `${x.transposeA ? 'ᵀ' : ''}${x.m}×${x.k}×${x.n}${x.transposeB ? 'ᵀ' : ''} ${x.gflops.toFixed(1)} (${(x.fractionOfPeak * 100).toFixed(0)} %)`).join(', ')}`);
          }
          if (t.reference.targetMs) lines.push(`         reference target ≤ ${t.reference.targetMs} ms/step: wall ${t.reference.meetsTarget ? 'met' : 'NOT met'}, CPU time ${t.reference.meetsTargetCpu ? 'met' : 'NOT met'}`);
        }
        if (r.shapes) {
          const s = r.shapes;
          lines.push(`shapes: ${s.steps} steps in ${s.seconds.toFixed(1)} ${s.clock === 'cpu' ? 'CPU ' : ''}s (${s.msPerStep.toFixed(1)} ms/step, batch ${s.batch}); held-out zero-shot top-1 ${(s.heldoutTop1 * 100).toFixed(1)}% (target ≥ ${s.target * 100}%: ${s.meetsTarget ? 'met' : 'NOT met'}), top-5 ${(s.heldoutTop5 * 100).toFixed(1)}%, seen-class test top-1 ${(s.testTop1 * 100).toFixed(1)}%, chance ${(s.chance * 100).toFixed(1)}%`);
        }
        if (r.emoji) {
          const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
          lines.push(`emoji: trained on ${r.emoji.trainStyles.join(', ')} (${r.emoji.clip.steps} CLIP steps with weight decay ${r.emoji.clip.weightDecay}, ${r.emoji.classifier.steps} classifier steps)`);
          for (const s of r.emoji.perStyle) {
            lines.push(`  ${s.style}: all ${s.concepts} concepts zero-shot top-1 ${pct(s.conceptTop1)} top-5 ${pct(s.conceptTop5)}; 10 classes: zero-shot ${pct(s.tenClassZeroShotTop1)} (member prompts; class names ${pct(s.tenClassZeroShotNamesTop1)}), classifier ${pct(s.tenClassClassifierTop1)}, linear probe ${pct(s.tenClassProbeTop1)} (${s.tenClassN} images)`);
          }
        }
        if (r.comparison) {
          const c = r.comparison;
          lines.push(`peer: PyTorch ${c.info.torch} (Python ${c.info.python}, ${c.info.threads} thread${c.info.threads === 1 ? '' : 's'}, ${c.info.blas ?? 'BLAS unknown'}, mallopt ${c.info.mallopt ? 'on' : 'off'}, ${c.info.parameters} parameters) against the kit (${c.kernelBuild} kernels), reference step, ${c.rounds.length} interleaved rounds:`);
          c.rounds.forEach((x, i) => lines.push(`  round ${i + 1}: kit ${x.kit.msPerStep.toFixed(1)} ms (CPU ${x.kit.cpuMsPerStep.toFixed(1)}), torch ${x.peer.msPerStep.toFixed(1)} ms (CPU ${x.peer.cpuMsPerStep.toFixed(1)})`));
          lines.push(`  medians: kit ${c.kit.msPerStep.toFixed(1)} ms, torch ${c.peerMedian.msPerStep.toFixed(1)} ms: ratio ${c.ratio.toFixed(2)} (CPU time ${c.kit.cpuMsPerStep.toFixed(1)} / ${c.peerMedian.cpuMsPerStep.toFixed(1)} ms: ${c.cpuRatio.toFixed(2)}); load ${c.loadAverage.map((x) => x.toFixed(1)).join(' ')}`);
          const simd = r.machine.cpuFlags.filter((f) => /^(sse4_2|avx|avx2|fma|avx512f|avx512vl|avx_vnni)$/.test(f));
          lines.push(`  CPU flags (vector): ${simd.join(' ') || 'unknown'} (all ${r.machine.cpuFlags.length} in --json)`);
        }
        lines.push(r.note);
        return lines.join('\n');
      });
    });
}
