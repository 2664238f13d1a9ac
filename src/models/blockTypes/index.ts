import type { ImageBlockType } from '../config';
import { mixerBlock } from './mixer';
import { mlpBlock } from './mlp';
import { transformerBlock } from './transformer';
import type { BlockType } from './types';

export type { BlockContext, BlockType, OnnxBlockContext } from './types';

/** Every block type by name: keyed by the config's type union, so a new type does not compile until it is here. */
export const BLOCK_TYPES: Record<ImageBlockType, BlockType> = {
  transformer: transformerBlock,
  mlp: mlpBlock,
  mixer: mixerBlock,
};
