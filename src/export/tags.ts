// The tags of the PDFs Estrade writes: their structure tree (headings, paragraphs, lists, tables,
// figures with their text, code), which a screen reader follows. Chromium tags what it prints; the
// PDFs are put together from pages of several prints (assemble.ts), so each page's tags are copied
// from its print into the new tree, in reading order, as its content is. A handout's sheet holds a
// placeholder figure where each slide goes (handout.ts): the slide's own tags take its place.
import { holeOf } from './placeholder.ts';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, PDFHexString, PDFObjectCopier, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';

/** What a print's structure tree says of its pages. */
interface PrintTree {
  root: PDFDict;
  /** The elements with content on each page, and how many pages each element has content on. */
  onPage: Map<number, Set<PDFRef>>;
  pageCount: Map<PDFRef, number>;
  /** Each page's StructParents key's elements, by marked-content id. */
  owners: Map<number, PDFRef[]>;
}

const COPIED_KEYS = ['Alt', 'ActualText', 'Lang', 'E', 'T', 'A', 'C'];

function numberTree(dict: PDFDict | undefined, into = new Map<number, PDFObject>()): Map<number, PDFObject> {
  if (!dict) return into;
  const nums = dict.lookupMaybe(PDFName.of('Nums'), PDFArray);
  for (let i = 0; nums && i + 1 < nums.size(); i += 2) into.set((nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1));
  const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) numberTree(kids.lookup(i, PDFDict), into);
  return into;
}

const text = (value: PDFObject | undefined) => (value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined);

export class Tags {
  private readonly trees = new Map<PDFDocument, PrintTree | null>();
  private readonly copiers = new Map<PDFDocument, PDFObjectCopier>();
  private readonly document: PDFRef;
  private readonly top: PDFRef[] = [];
  /** The parent tree: for each content stream with marked content, its elements by id. */
  private readonly parents: PDFRef[][] = [];
  private readonly byPage = new Map<PDFPage, PDFRef[]>();
  private readonly roles = new Map<string, PDFObject>();

  constructor(private readonly doc: PDFDocument) {
    this.document = doc.context.nextRef();
  }

  private tree(source: PDFDocument): PrintTree | null {
    if (this.trees.has(source)) return this.trees.get(source)!;
    const root = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    let found: PrintTree | null = null;
    if (root) {
      const parentTree = numberTree(root.lookupMaybe(PDFName.of('ParentTree'), PDFDict));
      const onPage = new Map<number, Set<PDFRef>>();
      const pageCount = new Map<PDFRef, number>();
      const owners = new Map<number, PDFRef[]>();
      source.getPages().forEach((page, index) => {
        const key = page.node.get(PDFName.of('StructParents'));
        const list = key instanceof PDFNumber ? source.context.lookup(parentTree.get(key.asNumber())) : undefined;
        const mine = list instanceof PDFArray ? list.asArray().map((r) => (r instanceof PDFRef ? r : undefined)) : [];
        owners.set(index, mine as PDFRef[]);
        const set = new Set<PDFRef>();
        for (const owner of mine) {
          for (let ref: PDFRef | undefined = owner; ref && !set.has(ref); ) {
            set.add(ref);
            const parent = source.context.lookupMaybe(ref, PDFDict)?.get(PDFName.of('P'));
            ref = parent instanceof PDFRef ? parent : undefined;
          }
        }
        onPage.set(index, set);
        for (const ref of set) pageCount.set(ref, (pageCount.get(ref) ?? 0) + 1);
      });
      const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
      for (const [name, role] of roleMap?.entries() ?? []) this.roles.set(name.decodeText(), role);
      found = { root, onPage, pageCount, owners };
    }
    this.trees.set(source, found);
    return found;
  }

  private copier(source: PDFDocument): PDFObjectCopier {
    let copier = this.copiers.get(source);
    if (!copier) this.copiers.set(source, (copier = PDFObjectCopier.for(source.context, this.doc.context)));
    return copier;
  }

  /** The elements of page `index` of `source` that are on no other page, in reading order. */
  private topsOf(source: PDFDocument, tree: PrintTree, index: number): PDFRef[] {
    const on = tree.onPage.get(index)!;
    const out: PDFRef[] = [];
    const walk = (kids: PDFObject | undefined) => {
      const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
      for (const kid of list) {
        if (!(kid instanceof PDFRef) || !on.has(kid)) continue;
        const dict = source.context.lookup(kid, PDFDict);
        // The print's document element is the new one's, even when the print has one page.
        if (tree.pageCount.get(kid) === 1 && dict.get(PDFName.of('S')) !== PDFName.of('Document')) out.push(kid);
        else walk(dict.get(PDFName.of('K')));
      }
    };
    walk(tree.root.get(PDFName.of('K')));
    return out;
  }

  /** How many marked-content ids page `index` of `source` uses: what another drawing's ids follow. */
  idsOf(source: PDFDocument, index: number): number {
    return this.tree(source)?.owners.get(index)?.length ?? 0;
  }

  /**
   * Copies the tags of page `index` of `source`, whose content is now in `page`: as it was (the
   * page copied, or drawn into it with its ids moved up by `offset`), or drawn as the form `form`.
   * `holes` gives the elements that replace a handout's placeholder figure. Returns the elements
   * added under `parent` (the document by default).
   */
  copy(source: PDFDocument, index: number, page: PDFPage, options: { offset?: number; form?: PDFRef; parent?: PDFRef; holes?: (slide: number, parent: PDFRef) => PDFRef[] } = {}): PDFRef[] {
    const tree = this.tree(source);
    if (!tree) return [];
    const { offset = 0, form } = options;
    const parent = options.parent ?? this.document;
    const context = this.doc.context;
    const on = tree.onPage.get(index)!;
    const owners = tree.owners.get(index)!;
    const ids = form ? this.newIds((context.lookup(form) as PDFRawStream).dict) : this.pageIds(page);

    const element = (ref: PDFRef, parentRef: PDFRef): PDFRef[] => {
      const dict = source.context.lookup(ref, PDFDict);
      const role = dict.get(PDFName.of('S'));
      const alt = text(dict.get(PDFName.of('Alt')));
      const hole = holeOf(alt);
      if (hole !== undefined && role === PDFName.of('Figure')) return options.holes?.(hole, parentRef) ?? [];
      const mine = context.nextRef();
      const kids: PDFObject[] = [];
      const k = dict.get(PDFName.of('K'));
      for (const kid of k instanceof PDFArray ? k.asArray() : k ? [k] : []) {
        const mcid = kid instanceof PDFNumber ? kid.asNumber() : kid instanceof PDFDict && kid.get(PDFName.of('Type')) === PDFName.of('MCR') ? (kid.get(PDFName.of('MCID')) as PDFNumber).asNumber() : undefined;
        if (mcid !== undefined) {
          if (owners[mcid] !== ref) continue;
          ids[mcid + offset] = mine;
          kids.push(form ? context.obj({ Type: 'MCR', Pg: page.ref, Stm: form, MCID: mcid }) : PDFNumber.of(mcid + offset));
        } else if (kid instanceof PDFRef && on.has(kid)) {
          kids.push(...element(kid, mine));
        }
      }
      if (!kids.length) return [];
      const out = context.obj({ Type: 'StructElem', S: role ?? PDFName.of('NonStruct'), P: parentRef, Pg: page.ref, K: kids });
      for (const name of COPIED_KEYS) {
        const value = dict.get(PDFName.of(name));
        if (value !== undefined) out.set(PDFName.of(name), this.copier(source).copy(value));
      }
      context.assign(mine, out);
      return [mine];
    };

    const added = this.topsOf(source, tree, index).flatMap((ref) => element(ref, parent));
    if (parent === this.document) this.top.push(...added);
    return added;
  }

  /** A content stream's (page's or form's) list of elements by marked-content id, in the parent tree. */
  private newIds(owner: PDFDict): PDFRef[] {
    const ids: PDFRef[] = [];
    owner.set(PDFName.of('StructParents'), PDFNumber.of(this.parents.push(ids) - 1));
    return ids;
  }

  private pageIds(page: PDFPage): PDFRef[] {
    let ids = this.byPage.get(page);
    if (!ids) {
      this.byPage.set(page, (ids = this.newIds(page.node)));
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
      // A link's key points into the print's parent tree, not this one: dropped, the link is read
      // with the text it covers (its own element would need the annotation's copy, which pdf-lib hides).
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let i = 0; annots && i < annots.size(); i++) annots.lookupMaybe(i, PDFDict)?.delete(PDFName.of('StructParent'));
    }
    return ids;
  }

  /** Writes the tree into the document: its root, the parent tree, and the mark that it is tagged. */
  finish(): void {
    const context = this.doc.context;
    const root = context.nextRef();
    context.assign(this.document, context.obj({ Type: 'StructElem', S: 'Document', P: root, K: this.top }));
    const nums: PDFObject[] = [];
    this.parents.forEach((ids, key) => nums.push(PDFNumber.of(key), context.obj(Array.from(ids, (id) => id ?? context.obj(null)))));
    const tree = context.obj({ Type: 'StructTreeRoot', K: this.document, ParentTree: context.obj({ Nums: nums }), ParentTreeNextKey: this.parents.length });
    if (this.roles.size) tree.set(PDFName.of('RoleMap'), context.obj(Object.fromEntries([...this.roles].map(([name, role]) => [name, role]))));
    context.assign(root, tree);
    this.doc.catalog.set(PDFName.of('StructTreeRoot'), root);
    this.doc.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  }
}
