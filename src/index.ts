/**
 * The clip-workshop library: what the notebooks import (`import * as cw from '../dist'`) and what a user needs to
 * train, evaluate, export and chart a toy CLIP. Everything else stays inside its folder (each folder's index.ts
 * lists that concern's names for the kit's own modules); the CLI is `bin/clip-workshop.js`.
 */

// Runtime: TensorFlow.js backend, seeds, quick mode, cache, errors.
export { initBackend, tf, tfjsVersion, DEFAULT_SEED, seededRandom, shuffled, isQuick, quickOr, cacheDir, UserError, isUserError } from './runtime';
export type { BackendInfo, BackendName } from './runtime';

// Data: the three datasets, images, batches and splits.
export { loadShapes, ShapesDataset, loadEmoji, loadCifar, loadDataset, loadImage, imagePixels, imageBatch, sampleBatches, splitIndices, labelledIndices, emojiEntries, emojiFile, emojibaseLocales } from './data';
export type { ImageTextDataset, Split, EmojiStyle } from './data';

// Text: tokenizer and prompt templates.
export { Tokenizer, splitWords, SHAPES_TEMPLATE } from './text';

// Models: the toy CLIP and the traditional classifier, their sizes, saving and loading.
export { ToyClip, ToyClassifier, modelConfig, MODEL_SIZES, countParameters, saveModel, loadModel, loadToyClip, loadClassifierModel } from './models';
export type { ClipLike, ModelConfig } from './models';

// Training.
export { createToyClip, trainClip, createToyClassifier, trainClassifier, clipLoss, classificationLoss } from './train';

// Evaluation.
export { zeroShotEvaluate, classEmbeddings, classMembers, labelProbabilities, evaluateClassifier, fitLinearProbe, imageEmbeddings, retrievalRecall, topK, classificationReport } from './eval';
export type { ClassificationReport } from './eval';

// The pretrained path: a real CLIP through transformers.js (or the exported toy), classification, export.
export { loadPretrainedClip, classifyImage, TASK1_LABEL_SETS, task1Reading, task1Provenance, exportToyClip, DEFAULT_PRETRAINED_ID, CIFAR_TEMPLATES, sampleIndices } from './pretrained';

// Charts and images in notebooks.
export { show, showImages, barChart, groupedBars, heatmap, lineChart, liveChart, probabilityBars, datasetThumbnails, pngDataUrl, COLORS } from './viz';
export type { GroupedBarItem, ImageGridItem } from './viz';

// Recipes (every model the notebooks and figures use, trained once and cached) and the experiments behind the figures.
export { recipe, probeRecipe, recipeNames, recipeHash, loadRecipeDataset, createRecipeModel, workshopModel, trainWorkshopModel, workshopRun, workshopModelDir, hasWorkshopModel, trainSettings } from './recipes';
export type { TrainRecipe, ProbeRecipe, DatasetSpec } from './recipes';
// Sentences about results, from the results, with the kit's one noise-aware comparison rule.
export { compareAccuracies, comparisonSentence, rankingSentence, changeSentence, chanceSentence, confusionSentence, confidenceSentence } from './eval';
export { promptsClaim, unseenStyleClaim, styleChangeClaims, probeShotsClaim } from './charts';
export { runExperiment, experimentNames, showResult, unseenStyleSplit, UNSEEN_STYLE_METHODS, UNSEEN_STYLE_METHOD_LABELS, figuresTable } from './experiments';
export type { TrainingCurveResult, RetrievalResult, PromptVariantsResult, UnseenStyleResult, ProbeShotsResult, ShapesZeroShotResult, SimilarityResult } from './experiments';

// The quiz and the benchmark.
export { loadQuiz, exportKahoot, quizMarkdown } from './quiz';
export { runBench } from './bench';

// Preparing a class (models, weights and data before the workshop) and the exercises' self-checks.
export * from './prepare';
export * from './exercises';
