import type { ModelInfo } from '../../src-core/contract/api';
import { addFigure, addParameterSet, addStudy, deleteItem, duplicateItem, renameItem, type ItemKind } from '../../src-core/project/authoring';
import type { ProjectDocument } from '../../src-core/project/types';
import { unicodeText } from '../../src-core/figures/rich-text';
import { continuousKeys, defaultAxis, deleteMessage, newPanel } from '../lib/authoring-edit';
import { describeError, errorMessage } from '../lib/errors';
import type { Dialogs } from './useDialogs';
import type { ProjectSession } from './useProject';
import { modelAt } from '../lib/model-schema';

export interface ItemRef {
  kind: ItemKind;
  id: string;
}

/** What the project tree can do to the document (each one undoable edit). */
export interface TreeActions {
  add(kind: ItemKind): Promise<void>;
  duplicate(item: ItemRef): Promise<void>;
  /** Rename; resolves with the reason when the name is refused ('' or undefined when done). */
  rename(item: ItemRef, name: string): Promise<string | undefined>;
  /** Delete after a confirmation stating what else changes; resolves true when deleted. */
  remove(item: ItemRef): Promise<boolean>;
}

const WHAT: Record<ItemKind, string> = { set: 'parameter set', study: 'study', figure: 'figure' };

function nameOf(doc: ProjectDocument, r: ItemRef): string {
  const list: { id: string; name: string }[] = r.kind === 'set' ? doc.parameterSets : r.kind === 'study' ? doc.studies : doc.figures;
  return unicodeText(list.find((x) => x.id === r.id)?.name ?? r.id);
}

/**
 * A new item as the tree's + makes it: a parameter set of the first model's defaults; a 1-D sweep
 * of the first model over its first continuous parameter (with the model's first parameter set);
 * a figure with one panel from the last study (empty when there is none).
 */
export function newItem(doc: ProjectDocument, kind: ItemKind, models: ModelInfo[]): { doc: ProjectDocument; id: string } {
  const model = models[0];
  if (kind === 'set') return addParameterSet(doc, model ? { model: model.id } : {});
  if (kind === 'study') {
    if (!model) return addStudy(doc, { kind: 'point' });
    const set = doc.parameterSets.find((p) => p.model === model.id);
    const at = modelAt(model, set?.params);
    const k = continuousKeys(at.schema).find((c) => !at.schema.aliases.some((a) => a.key === c.key));
    return addStudy(doc, {
      model: model.id,
      ...(set ? { parameterSet: set.id } : {}),
      ...(k ? { kind: 'sweep' as const, axes: [defaultAxis(at.schema, k.key, 101)] } : { kind: 'point' as const }),
    });
  }
  const last = doc.studies[doc.studies.length - 1];
  return addFigure(doc, last ? { panels: [newPanel(last, models, doc)] } : {});
}

/**
 * The tree's authoring actions on the open project: every change is one undoable edit (Ctrl+Z),
 * built with src-core/project/authoring.ts. `created` is told the item a change made (to select it;
 * `rename` true when it should be renamed at once).
 */
export function useAuthoring(session: ProjectSession, dialogs: Dialogs, models: () => ModelInfo[], created: (item: ItemRef) => void): TreeActions {
  const doc = (): ProjectDocument => {
    const d = session.doc.value;
    if (!d) throw new Error('no project is open');
    return d;
  };

  async function attempt(title: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      await dialogs.error(title, errorMessage(err));
    }
  }

  return {
    add: (kind) =>
      attempt(`Cannot add a ${WHAT[kind]}`, async () => {
        const r = newItem(doc(), kind, models());
        const made = r.doc[kind === 'set' ? 'parameterSets' : kind === 'study' ? 'studies' : 'figures'].find((x) => x.id === r.id);
        await session.edit(r.doc, `Add ${WHAT[kind]} ${unicodeText(made?.name ?? r.id)}`);
        created({ kind, id: r.id });
      }),
    duplicate: (item) =>
      attempt(`Cannot duplicate the ${WHAT[item.kind]}`, async () => {
        const r = duplicateItem(doc(), item.kind, item.id);
        await session.edit(r.doc, `Duplicate ${WHAT[item.kind]} ${nameOf(doc(), item)}`);
        created({ kind: item.kind, id: r.id });
      }),
    async rename(item, name) {
      const d = doc();
      const old = nameOf(d, item);
      if (name.trim() === d[item.kind === 'set' ? 'parameterSets' : item.kind === 'study' ? 'studies' : 'figures'].find((x) => x.id === item.id)?.name) return undefined;
      try {
        const next = renameItem(d, item.kind, item.id, name);
        await session.edit(next, `Rename ${WHAT[item.kind]} ${old} to ${unicodeText(name.trim())}`);
        return undefined;
      } catch (err) {
        return describeError(err).reason;
      }
    },
    async remove(item) {
      const d = doc();
      let message: string;
      try {
        message = deleteMessage(d, item.kind, item.id);
      } catch (err) {
        await dialogs.error(`Cannot delete the ${WHAT[item.kind]}`, errorMessage(err));
        return false;
      }
      const choice = await dialogs.choose(`Delete ${WHAT[item.kind]}?`, message, [{ value: 'delete', label: 'Delete', primary: true, danger: true }]);
      if (choice !== 'delete') return false;
      let ok = false;
      await attempt(`Cannot delete the ${WHAT[item.kind]}`, async () => {
        const name = nameOf(doc(), item);
        await session.edit(deleteItem(doc(), item.kind, item.id).doc, `Delete ${WHAT[item.kind]} ${name}`);
        ok = true;
      });
      return ok;
    },
  };
}
