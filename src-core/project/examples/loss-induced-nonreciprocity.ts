/**
 * Example project: B. Li, Y. Zuo, L.-M. Kuang, H. Jing and C. Lee, "Loss-induced quantum
 * nonreciprocity" (seed 000), on the three-cavity model. One figure per printed panel, named
 * fig2a … fig5c; studies shared where panels share a computation (one 2-D map feeds the isolation
 * and the ratio heatmaps; one κ_b scan at Δ = κ/2 feeds Figs. 2(c, f) insets, 3(a, b) and 4).
 *
 * Everything is in units of κ (κ_a = κ_c = κ = 1), as in the paper. Grids are sized so that each
 * study runs in about a minute or less on a 2-core laptop with the automatic Fock truncation
 * (measured 10–45 ms per quantum point with 2 workers; the two 81 × 41 maps take ≈ 54 s each).
 */
import { PROJECT_FORMAT, PROJECT_SCHEMA_VERSION, type Figure, type Panel, type ParameterSet, type ProjectDocument, type Study } from '../types.js';

export const LOSS_INDUCED_NAME = 'loss-induced-nonreciprocity';

const MODEL = 'three-cavity';
const RED = '#d62728';
const BLUE = '#1f77b4';

/** Series of both driving directions in the paper's style: a→c red solid, c→a blue dashed. */
function both(q: string, acLabel: string, caLabel: string): NonNullable<Panel['series']> {
  return [
    { quantity: `a_to_c.${q}`, label: acLabel, color: RED, dash: 'solid' },
    { quantity: `c_to_a.${q}`, label: caLabel, color: BLUE, dash: 'dash' },
  ];
}

const T_SERIES = both('T', 'T_{a→c}', 'T_{c→a}');
const G2_SERIES = both('g2', 'g^{(2)}_{a→c}(0)', 'g^{(2)}_{c→a}(0)');
const G3_SERIES = both('g3', 'g^{(3)}_{a→c}(0)', 'g^{(3)}_{c→a}(0)');

/** The Fig. 2 parameters (eq. 16 optimum), as the paper states them, in units of κ. */
const FIG2_PARAMS = {
  solver: 'quantum',
  cavities: 3,
  kappa_a: 1,
  kappa_c: 1,
  kappa_b: 1,
  Delta_a: 0.5,
  Delta_b: 0.5,
  Delta_c: 0.5,
  U_a: 5,
  U_c: 5,
  J_ab: 'sqrt(2)/2',
  J_bc: 'sqrt(2)/2',
  J_ac: 'sqrt(2)/2',
  theta: '-pi/4',
  Omega: 0.1,
} as const;

const PARAMETER_SETS: ParameterSet[] = [
  {
    id: 'fig2-optimum',
    name: 'Fig. 2 optimum (Δ = κ/2, κ_b = κ)',
    model: MODEL,
    params: { ...FIG2_PARAMS },
    notes:
      'Fig. 2 caption and Sec. III: κ_a = κ_c = κ, J_ab = J_bc = J_ac = √2κ/2, Ω = 0.1κ, U_a = U_c = 5κ, θ = −π/4, Δ_a = Δ_b = Δ_c = Δ; the optimum of eq. 16 is Δ = κ/2, κ_b = κ (T_{a→c} ≈ 0.97, T_{c→a} ≈ 0 here). "The other parameters are the same ones in Figure 2" for Figs. 3–5.',
  },
  {
    id: 'two-cavity',
    name: 'Two-cavity system without b (Fig. 2a, d)',
    model: MODEL,
    params: { ...FIG2_PARAMS, cavities: 2 },
    notes: 'Fig. 2(a, d): the two Kerr cavities a and c alone (the auxiliary cavity b removed), other parameters as in Fig. 2.',
  },
  {
    id: 'fig3-two-photon-blockade',
    name: 'Fig. 3 nonreciprocal 2PB (Δ = κ/2, κ_b = 1.25κ)',
    model: MODEL,
    params: { ...FIG2_PARAMS, kappa_b: 1.25 },
    notes: 'Sec. III: "Fixing the loss around κ_b/κ = 1.25" gives 1PB a→c [g^{(2)}_{a→c}(0) < 1] and 2PB c→a [g^{(2)}_{c→a}(0) > 1, g^{(3)}_{c→a}(0) < 1].',
  },
  {
    id: 'fig5-reversed',
    name: 'Fig. 5 reversed direction (θ = π/4)',
    model: MODEL,
    params: { ...FIG2_PARAMS, theta: 'pi/4' },
    notes: 'Fig. 5(c): at θ = π/4 (Δ = κ/2, κ_b = κ) the direction is reversed: T_{c→a} ≈ 1, T_{a→c} ≈ 0, 1PB for c→a.',
  },
];

const DELTA_AXIS = { key: 'Delta', start: -2, stop: 2, count: 161 };

const STUDIES: Study[] = [
  {
    id: 'two-cavity-detuning',
    name: 'Two cavities: T and g2 vs Δ',
    title: 'Fig. 2(a, d): two-cavity system, detuning scan',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'two-cavity',
    params: {},
    axes: [{ ...DELTA_AXIS }],
    quantities: ['a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'isolation', 'ratio', 'fock'],
    notes: 'Δ/κ ∈ [−2, 2], 161 points (step 0.025; the paper does not state its range or grid). Quantum steady state, as the paper (QuTiP master equation). Measured 3 s on 2 cores.',
  },
  {
    id: 'three-cavity-detuning',
    name: 'Three cavities: T and g2 vs Δ for κ_b = 0, κ',
    title: 'Fig. 2(b, e): three-cavity system, detuning scan for κ_b/κ = 0, 1',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    axes: [{ ...DELTA_AXIS }, { key: 'kappa_b', values: [0, 1] }],
    quantities: ['a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'isolation', 'ratio', 'fock'],
    notes: 'Δ/κ ∈ [−2, 2], 161 points × κ_b/κ ∈ {0, 1} (the curves of Fig. 2b; Fig. 2e shows the same two cases per the text). Measured 14 s on 2 cores.',
  },
  {
    id: 'map-detuning-loss',
    name: 'Map over Δ and κ_b (θ = −π/4)',
    title: 'Fig. 2(c, f): isolation 𝓘 and ratio 𝓡 over Δ/κ and κ_b/κ',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    axes: [
      { key: 'Delta', start: -2, stop: 2, count: 81 },
      { key: 'kappa_b', start: 0, stop: 2.5, count: 41 },
    ],
    quantities: ['isolation', 'ratio', 'a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'fock'],
    notes:
      'The paper states neither the ranges nor the grid of its maps. Chosen: Δ/κ ∈ [−2, 2] (81 points, step 0.05, hits Δ = 0.5κ) × κ_b/κ ∈ [0, 2.5] (41 points, step 1/16, hits κ_b = κ and 1.25κ): 3321 quantum points, measured 54 s on 2 cores. For publication refine to e.g. 101 × 101 (≈ 3 min). ' +
      'Where the model disagrees with the text: the largest g2 contrast over this map is g^{(2)}_{c→a}/g^{(2)}_{a→c} ≈ 6.7 × 10³ (72.9 / 0.0109 at Δ = 0.5κ, κ_b = κ, computed from the map), not the "5 orders of magnitude" the text gives for the inset of Fig. 2(f); the g2 maps (figure fig2-g2) show it on a log colour scale.',
  },
  {
    id: 'loss-scan',
    name: 'Scan of κ_b at Δ = κ/2',
    title: 'Figs. 2(c, f) insets, 3(a, b), 4(a–c): everything versus κ_b/κ at Δ = 0.5κ',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    axes: [{ key: 'kappa_b', start: 0, stop: 2.5, count: 101 }],
    notes:
      'κ_b/κ ∈ [0, 2.5], 101 points (step 0.025, hits κ_b = κ and 1.25κ); the paper does not state its range. Keeps every quantity: T, g^{(2)}, g^{(3)} and P_1…P_3 of the output cavity in both directions. Measured 5 s on 2 cores.',
  },
  {
    id: 'distribution-kb-1',
    name: 'Photon statistics at κ_b = κ',
    title: 'Fig. 3(c)(i, ii): photon-number distributions at Δ = 0.5κ, κ_b = κ',
    kind: 'point',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    notes: 'One quantum solve; the output holds P_c(m), P_a(m) and the Poisson distributions 𝒫(m) of the same mean for both driving directions (m = 0 … K with the automatic truncation K).',
  },
  {
    id: 'distribution-kb-1.25',
    name: 'Photon statistics at κ_b = 1.25κ',
    title: 'Fig. 3(c)(iii, iv): photon-number distributions at Δ = 0.5κ, κ_b = 1.25κ',
    kind: 'point',
    model: MODEL,
    parameterSet: 'fig3-two-photon-blockade',
    params: {},
    notes: 'As the κ_b = κ point, at the 2PB loss κ_b = 1.25κ.',
  },
  {
    id: 'map-phase-loss',
    name: 'Map over θ and κ_b (Δ = κ/2)',
    title: 'Fig. 5(a, b): isolation 𝓘 and ratio 𝓡 over θ and κ_b/κ',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    axes: [
      { key: 'theta', start: -Math.PI, stop: Math.PI, count: 81 },
      { key: 'kappa_b', start: 0, stop: 2.5, count: 41 },
    ],
    quantities: ['isolation', 'ratio', 'a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'fock'],
    notes:
      'The Fig. 5 caption says "as functions of the detuning Δ/κ and the loss κ_b/κ", but at fixed θ such maps would repeat Fig. 2(c, f) (𝓘 and 𝓡 are symmetric under a ↔ c), and the text says "the maximum 𝓘 and 𝓡 corresponds to two phases θ for an optimal κ_b". We read the maps as θ × κ_b/κ at Δ = 0.5κ (Fig. 5c is their cut at κ_b = κ). θ ∈ [−π, π] (81 points, step π/40, hits ±π/4 and ±3π/4) × κ_b/κ ∈ [0, 2.5] (41 points): 3321 quantum points, measured 54 s on 2 cores. The panels plot θ/π, as the paper does.',
  },
  {
    id: 'phase-scan',
    name: 'Scan of θ at Δ = κ/2, κ_b = κ',
    title: 'Fig. 5(c): T and g^{(2)} versus θ',
    kind: 'sweep',
    model: MODEL,
    parameterSet: 'fig2-optimum',
    params: {},
    axes: [{ key: 'theta', start: -Math.PI, stop: Math.PI, count: 161 }],
    quantities: ['a_to_c.T', 'c_to_a.T', 'a_to_c.g2', 'c_to_a.g2', 'isolation', 'ratio', 'fock'],
    notes:
      'θ ∈ [−π, π] rad, 161 points (step π/80). The text says a→c 1PB at θ = 3π/4; with J_ac = +√2κ/2 the paper\'s own eqs. 13 and 16 (and this model) put the a→c optimum at θ = −π/4 (≡ 7π/4) and the c→a one at θ = +π/4, which the text also states. Measured 6 s on 2 cores.',
  },
];

const mapAxes = { x: 'Delta', xLabel: 'Δ/κ', yLabel: 'κ_{b}/κ' } as const;
const lossAxis = { x: 'kappa_b', xLabel: 'κ_{b}/κ' } as const;

function fig(id: string, title: string, caption: string, panels: Panel[], layout = { rows: 1, cols: 1 }): Figure {
  const cells = layout.rows * layout.cols;
  return { id, name: id, title, caption, layout, panels, style: { preset: cells > 1 ? 'aps-double' : 'aps-single' } };
}

function photonBars(label: string, study: string, dir: 'a_to_c' | 'c_to_a', kb: string): Panel {
  const cav = dir === 'a_to_c' ? 'c' : 'a';
  const arrow = dir === 'a_to_c' ? 'a→c' : 'c→a';
  return {
    label,
    study,
    kind: 'bar',
    series: [{ quantity: `${dir}.P_${cav}`, minus: `${dir}.poisson_${cav}`, label: `P_{${cav}}(m) − 𝒫_{${cav}}(m)`, color: dir === 'a_to_c' ? RED : BLUE }],
    xLabel: 'm',
    yLabel: `P_{${cav}}(m) − 𝒫_{${cav}}(m)`,
    notes: `Drive ${arrow} (output cavity ${cav}), Δ = 0.5κ, κ_b = ${kb}. As the paper: the deviation of the photon-number distribution from the Poisson distribution 𝒫(m) of the same mean (negative at m ≥ 2: blockade; positive: bunching).`,
  };
}

function populationPanel(m: 1 | 2 | 3, label: string): Panel {
  return {
    label,
    study: 'loss-scan',
    kind: 'line',
    ...lossAxis,
    series: [
      { quantity: `a_to_c.P${m}`, label: `P_{c}(${m}), a→c`, color: RED, dash: 'solid' },
      { quantity: `c_to_a.P${m}`, label: `P_{a}(${m}), c→a`, color: BLUE, dash: 'dash' },
    ],
    yLabel: `P_{${m}}`,
    logY: true,
  };
}

const PANEL_FIGURES: Figure[] = [
  fig(
    'fig2a',
    'Fig. 2(a): transmission of the two-cavity system',
    'Transmission coefficients T_{a→c} (red solid) and T_{c→a} (blue dashed) versus Δ/κ in the two-cavity nonlinear system without the auxiliary cavity b: reciprocal even with strong Kerr nonlinearity.',
    [{ label: '(a)', study: 'two-cavity-detuning', kind: 'line', x: 'Delta', series: T_SERIES, xLabel: 'Δ/κ', yLabel: 'T', yRange: [0, 1] }],
  ),
  fig(
    'fig2b',
    'Fig. 2(b): transmission of the three-cavity system',
    'T_{a→c} and T_{c→a} versus Δ/κ for κ_b/κ = 0 and 1 in the three-cavity system: with κ_b ≈ κ, T_{a→c} ≈ 1 and T_{c→a} ≈ 0 near Δ = 0.5κ.',
    [{ label: '(b)', study: 'three-cavity-detuning', kind: 'line', x: 'Delta', series: T_SERIES, xLabel: 'Δ/κ', yLabel: 'T', yRange: [0, 1], notes: 'One pair of curves per κ_b/κ ∈ {0, 1} (the second axis of the study).' }],
  ),
  fig(
    'fig2c',
    'Fig. 2(c): classical isolation map',
    'Classical isolation 𝓘 = |T_{a→c} − T_{c→a}| versus Δ/κ and κ_b/κ; maximal at Δ/κ ≈ 0.5, κ_b/κ = 1 (eq. 16). Inset: T_{a→c} and T_{c→a} versus κ_b/κ at Δ = 0.5κ.',
    [
      { label: '(c)', study: 'map-detuning-loss', kind: 'heatmap', quantity: 'isolation', ...mapAxes, colormap: 'viridis' },
      {
        label: '(c) inset',
        study: 'loss-scan',
        kind: 'line',
        ...lossAxis,
        series: T_SERIES,
        yLabel: 'T',
        yRange: [0, 1],
        notes: 'An inset of (c) in the paper, drawn as a second panel. The caption\'s "versus the detuning Δ/κ for a fixed detuning Δ = 0.5κ" is read as versus κ_b/κ at Δ = 0.5κ (versus Δ it would repeat Fig. 2b).',
      },
    ],
    { rows: 1, cols: 2 },
  ),
  fig(
    'fig2d',
    'Fig. 2(d): photon correlations of the two-cavity system',
    'Equal-time second-order correlations g^{(2)}_{a→c}(0) (red solid) and g^{(2)}_{c→a}(0) (blue dashed) versus Δ/κ in the two-cavity system: reciprocal 1PB.',
    [{ label: '(d)', study: 'two-cavity-detuning', kind: 'line', x: 'Delta', series: G2_SERIES, xLabel: 'Δ/κ', yLabel: 'g^{(2)}(0)', logY: true }],
  ),
  fig(
    'fig2e',
    'Fig. 2(e): photon correlations of the three-cavity system',
    'g^{(2)}_{a→c}(0) and g^{(2)}_{c→a}(0) versus Δ/κ in the three-cavity system for κ_b/κ = 0 (reciprocal) and 1 (1PB a→c, bunching c→a near Δ = 0.5κ).',
    [{ label: '(e)', study: 'three-cavity-detuning', kind: 'line', x: 'Delta', series: G2_SERIES, xLabel: 'Δ/κ', yLabel: 'g^{(2)}(0)', logY: true, notes: 'The caption does not give κ_b; the text discusses κ_b = 0 and κ_b = κ, which the study provides as two curves each.' }],
  ),
  fig(
    'fig2f',
    'Fig. 2(f): quantum nonreciprocal ratio map',
    'Quantum nonreciprocal ratio 𝓡 = |(g^{(2)}_{a→c} − g^{(2)}_{c→a})/(g^{(2)}_{a→c} + g^{(2)}_{c→a})| versus Δ/κ and κ_b/κ; perfect nonreciprocal 1PB where the isolation is maximal. Inset: g^{(2)}_{a→c}(0) and g^{(2)}_{c→a}(0) versus κ_b/κ at Δ = 0.5κ.',
    [
      { label: '(f)', study: 'map-detuning-loss', kind: 'heatmap', quantity: 'ratio', ...mapAxes, colormap: 'viridis' },
      {
        label: '(f) inset',
        study: 'loss-scan',
        kind: 'line',
        ...lossAxis,
        series: G2_SERIES,
        yLabel: 'g^{(2)}(0)',
        logY: true,
        notes: 'An inset of (f) in the paper, drawn as a second panel; read as versus κ_b/κ at Δ = 0.5κ (see the Fig. 2c inset). The text says the two correlations differ by up to 5 orders of magnitude; the model gives at most ≈ 6.7 × 10³ (at κ_b = κ; see the map study\'s notes).',
      },
    ],
    { rows: 1, cols: 2 },
  ),
  fig(
    'fig3a',
    'Fig. 3(a): second-order correlations versus κ_b',
    'g^{(2)}_{a→c}(0) and g^{(2)}_{c→a}(0) versus κ_b/κ at Δ = 0.5κ: 1PB a→c throughout, strong bunching c→a at κ_b = κ.',
    [{ label: '(a)', study: 'loss-scan', kind: 'line', ...lossAxis, series: G2_SERIES, yLabel: 'g^{(2)}(0)', logY: true, notes: 'The caption groups (a, b) as [g^{(2)}] and [g^{(3)}]; we draw g^{(2)} in (a) and g^{(3)} in (b).' }],
  ),
  fig(
    'fig3b',
    'Fig. 3(b): third-order correlations versus κ_b',
    'g^{(3)}_{a→c}(0) and g^{(3)}_{c→a}(0) versus κ_b/κ at Δ = 0.5κ: around κ_b = 1.25κ, g^{(2)}_{c→a} > 1 with g^{(3)}_{c→a} < 1 (2PB c→a).',
    [{ label: '(b)', study: 'loss-scan', kind: 'line', ...lossAxis, series: G3_SERIES, yLabel: 'g^{(3)}(0)', logY: true }],
  ),
  fig(
    'fig3c',
    'Fig. 3(c): photon-number distributions',
    'Photon distributions P_m against the Poisson distribution 𝒫_m of the same mean versus m at Δ = 0.5κ: (i) a→c and (ii) c→a at κ_b = κ (nonreciprocal 1PB); (iii) a→c and (iv) c→a at κ_b = 1.25κ (P_c(1) enhanced a→c; P_a(2) enhanced, P_a(m > 2) suppressed c→a: 2PB).',
    [
      photonBars('(i)', 'distribution-kb-1', 'a_to_c', 'κ'),
      photonBars('(ii)', 'distribution-kb-1', 'c_to_a', 'κ'),
      photonBars('(iii)', 'distribution-kb-1.25', 'a_to_c', '1.25κ'),
      photonBars('(iv)', 'distribution-kb-1.25', 'c_to_a', '1.25κ'),
    ],
    { rows: 2, cols: 2 },
  ),
  fig(
    'fig4a',
    'Fig. 4(a): one-photon populations versus κ_b',
    'P_1 of the output cavity versus κ_b/κ at Δ = 0.5κ for both driving directions: the sharp reduction at κ_b = κ is in P_a(1) (c→a), from destructive two-channel interference.',
    [{ ...populationPanel(1, '(a)'), notes: 'The caption lists P_m (m = 1, 2, 3) for (a–c); the text puts P_1 in 4(c) and P_2, P_3 in 4(a, b). We follow the caption order: (a) P_1, (b) P_2, (c) P_3.' }],
  ),
  fig(
    'fig4b',
    'Fig. 4(b): two-photon populations versus κ_b',
    'P_2 of the output cavity versus κ_b/κ at Δ = 0.5κ for both driving directions: the two-photon population is not reduced like P_1, hence bunching c→a.',
    [populationPanel(2, '(b)')],
  ),
  fig(
    'fig4c',
    'Fig. 4(c): three-photon populations versus κ_b',
    'P_3 of the output cavity versus κ_b/κ at Δ = 0.5κ for both driving directions.',
    [{ ...populationPanel(3, '(c)'), notes: 'P_3 is ~1e-12 or less here; near the truncation tolerance its curve is only indicative.' }],
  ),
  fig(
    'fig5a',
    'Fig. 5(a): isolation map over θ and κ_b',
    'Transmission isolation 𝓘 versus the phase θ and κ_b/κ at Δ = 0.5κ: two maxima at κ_b = κ, θ = −π/4 (a→c) and θ = +π/4 (c→a).',
    [{ label: '(a)', study: 'map-phase-loss', kind: 'heatmap', quantity: 'isolation', x: 'theta', xLabel: 'θ/π', xScale: Math.PI, yLabel: 'κ_{b}/κ', colormap: 'viridis', notes: 'Axes θ/π × κ_b/κ (see the study notes).' }],
  ),
  fig(
    'fig5b',
    'Fig. 5(b): nonreciprocal ratio map over θ and κ_b',
    'Quantum nonreciprocal ratio 𝓡 versus θ and κ_b/κ at Δ = 0.5κ.',
    [{ label: '(b)', study: 'map-phase-loss', kind: 'heatmap', quantity: 'ratio', x: 'theta', xLabel: 'θ/π', xScale: Math.PI, yLabel: 'κ_{b}/κ', colormap: 'viridis' }],
  ),
  fig(
    'fig5c',
    'Fig. 5(c): reversing the direction with θ',
    'T_{a→c} (red solid), T_{c→a} (blue dashed), g^{(2)}_{a→c}(0) (red solid) and g^{(2)}_{c→a}(0) (blue dashed) versus θ at Δ = 0.5κ, κ_b = κ: T_{a→c} ≈ 0, T_{c→a} ≈ 1 and 1PB c→a at θ = π/4; the reverse at θ = −π/4.',
    [
      { label: '(c)', study: 'phase-scan', kind: 'line', x: 'theta', series: T_SERIES, xLabel: 'θ/π', xScale: Math.PI, yLabel: 'T', yRange: [0, 1] },
      { study: 'phase-scan', kind: 'line', x: 'theta', series: G2_SERIES, xLabel: 'θ/π', xScale: Math.PI, yLabel: 'g^{(2)}(0)', logY: true },
    ],
    { rows: 2, cols: 1 },
  ),
];

/** The first panel of each of the given single-panel figures. */
function panelsOf(...ids: string[]): Panel[] {
  return ids.flatMap((id) => PANEL_FIGURES.find((f) => f.id === id)?.panels.filter((p) => !p.label?.includes('inset')) ?? []);
}

/**
 * The paper's figures as a whole, laid out like the paper (for export at a journal preset); the
 * single-panel figures above stay for looking at one panel (and the insets) on screen.
 */
const PAPER_FIGURES: Figure[] = [
  fig('fig2', 'Fig. 2: classical nonreciprocal transmission and quantum nonreciprocal 1PB', 'Panels (a)–(f) of Fig. 2 as in the paper: (a, b) transmission of the two- and three-cavity systems, (c) isolation map, (d, e) g^{(2)}(0), (f) nonreciprocal ratio map. The insets of (c) and (f) are in figures fig2c and fig2f.', panelsOf('fig2a', 'fig2b', 'fig2c', 'fig2d', 'fig2e', 'fig2f'), { rows: 2, cols: 3 }),
  fig('fig3', 'Fig. 3: nonreciprocal 2PB engineered by the loss of cavity b', 'Panels of Fig. 3: (a) g^{(2)}(0) and (b) g^{(3)}(0) versus κ_b/κ at Δ = 0.5κ; (c) photon-number distributions, (i, ii) at κ_b = κ and (iii, iv) at κ_b = 1.25κ.', [
    ...panelsOf('fig3a', 'fig3b'),
    ...(PANEL_FIGURES.find((f) => f.id === 'fig3c')?.panels ?? []).map((p) => ({ ...p, label: `(c${p.label?.replace(/[()]/g, '') ?? ''})` })),
  ], { rows: 2, cols: 3 }),
  fig('fig4', 'Fig. 4: inhomogeneous reduction of photon populations', 'Panels (a)–(c) of Fig. 4: P_m (m = 1, 2, 3) of the output cavity versus κ_b/κ at Δ = 0.5κ in both driving directions.', panelsOf('fig4a', 'fig4b', 'fig4c'), { rows: 1, cols: 3 }),
  fig('fig5', 'Fig. 5: reversing the direction of nonreciprocity with θ', 'Panels of Fig. 5: (a) isolation and (b) nonreciprocal ratio over θ and κ_b/κ; (c) T and g^{(2)}(0) versus θ/π at Δ = 0.5κ, κ_b = κ.', [
    ...panelsOf('fig5a', 'fig5b'),
    ...(PANEL_FIGURES.find((f) => f.id === 'fig5c')?.panels ?? []),
  ], { rows: 2, cols: 2 }),
];

/** Figures beyond the paper's: the g2 maps behind Fig. 2(f), on a log colour scale. */
const EXTRA_FIGURES: Figure[] = [
  fig(
    'fig2-g2',
    'Fig. 2 (f) in detail: g^{(2)}(0) in both directions over Δ/κ and κ_b/κ',
    'Equal-time correlations g^{(2)}_{a→c}(0) and g^{(2)}_{c→a}(0) over the Fig. 2 map, on a log colour scale (decades): antibunching a→c and strong bunching c→a meet at Δ = 0.5κ, κ_b = κ, where their ratio is ≈ 6.7 × 10³ — the largest on the map (the text says 5 orders of magnitude).',
    [
      { label: '(a)', study: 'map-detuning-loss', kind: 'heatmap', quantity: 'a_to_c.g2', ...mapAxes, colorbarLabel: 'g^{(2)}_{a→c}(0)', logZ: true, colormap: 'viridis' },
      { label: '(b)', study: 'map-detuning-loss', kind: 'heatmap', quantity: 'c_to_a.g2', ...mapAxes, colorbarLabel: 'g^{(2)}_{c→a}(0)', logZ: true, colormap: 'viridis', notes: 'On a linear scale this map is one bright spot (g2 up to 73 next to 0.01 elsewhere): the log scale shows its structure.' },
    ],
    { rows: 1, cols: 2 },
  ),
];

const FIGURES: Figure[] = [...PAPER_FIGURES, ...PANEL_FIGURES, ...EXTRA_FIGURES];

const APP = { name: 'NR Lab', version: '0.1.0' };

/** The example project of seed 000 (no results; `now` is used for created and modified). */
export function lossInducedNonreciprocityProject(now: string, app: { name: string; version: string } = APP): ProjectDocument {
  return {
    format: PROJECT_FORMAT,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    title: 'Loss-induced quantum nonreciprocity (Li et al.)',
    created: now,
    modified: now,
    app: { ...app },
    origin: `example:${LOSS_INDUCED_NAME}`,
    notes:
      'Reproduces Figs. 2–5 of B. Li, Y. Zuo, L.-M. Kuang, H. Jing and C. Lee, "Loss-induced quantum nonreciprocity": two Kerr cavities a, c and a lossy linear cavity b (three-cavity model, units of κ). Parameters of Fig. 2: κ_a = κ_c = κ, J_ab = J_bc = J_ac = √2κ/2, Ω = 0.1κ, U_a = U_c = 5κ, θ = −π/4, Δ_a = Δ_b = Δ_c = Δ. ' +
      'The paper states no sweep ranges or grids; those chosen are in each study\'s notes. Departures: insets of Fig. 2(c, f) are separate panels; Fig. 3(c) shows P_m beside 𝒫_m instead of their difference; Fig. 5(a, b) are read as θ × κ_b maps; the text\'s a→c direction at θ = 3π/4 (Fig. 5c) is found at θ = −π/4, as eqs. 13 and 16 predict.',
    parameterSets: structuredClone(PARAMETER_SETS),
    studies: structuredClone(STUDIES),
    figures: structuredClone(FIGURES),
  };
}
