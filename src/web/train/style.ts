/** The Train view's own styles, added to the playground's style.css. */
export const TRAIN_STYLE = `
#train-progress { width: 100%; height: 1rem; }
#train-chart { width: 100%; max-width: 640px; height: auto; background: #fff; border: 1px solid #ccc; }
#train-chart .axis { stroke: #555; }
#train-chart text { font-size: 11px; fill: #222; }
#train-chart .loss-line { stroke: #c0392b; stroke-width: 1.5; }
#train-chart .temp-line { stroke: #1f5fbf; stroke-width: 1.5; stroke-dasharray: 4 2; }
#train-chart .loss-text { fill: #a3281b; }
#train-chart .temp-text { fill: #1a4f9e; }
.overrides { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
.overrides input { width: 5.5rem; }
.batch { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
.batch figure { margin: 0; width: 7.5rem; font-size: .8rem; }
.matrices { display: flex; flex-wrap: wrap; gap: 1rem; }
table.matrix { border-collapse: collapse; font-size: .75rem; }
table.matrix td, table.matrix th { border: 1px solid #ddd; padding: .15rem .3rem; text-align: right; }
table.matrix td.diag { outline: 2px solid #222; }
#train-bars li { display: grid; grid-template-columns: 10rem 1fr 4rem; gap: .5rem; align-items: center; }
#train-bars .bar { display: block; height: .8rem; background: #1f5fbf; }
#train-bars li.winner .label { font-weight: bold; }
.image canvas { image-rendering: pixelated; border: 1px solid #ccc; }
`;
