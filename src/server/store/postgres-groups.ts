/**
 * Steps of one kind sent to PostgreSQL in groups (postgres.ts: starts and OTP sign-ins). The steps
 * asked for while a group is in flight wait for it, then go together, in order, as one statement
 * with one transaction and one durable commit. A busy database thus pays one round trip and one
 * commit (one WAL flush) per group instead of per step; an idle one sends each step at once, alone.
 */

interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

export interface GroupOptions<I, O> {
  /** The group's statement: one outcome per item, in the items' order. */
  together: (items: I[]) => Promise<O[]>;
  /** One step alone (a group of one, and each step of a group whose statement failed). */
  alone: (item: I) => Promise<O>;
  /** The database cannot answer: the group and everything queued fail at once. */
  isOutage: (err: unknown) => boolean;
  /** Items of one group at most: one statement stays short (well within statement_timeout). */
  max?: number;
}

export class StatementGroups<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = false;
  private scheduled = false;

  constructor(private readonly options: GroupOptions<I, O>) {}

  add(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * One group in flight: the steps that wait for it go in the next group, after one turn of the
   * event loop (so the steps asked for in that turn join too). Measured against two groups in
   * flight and one group per turn (docs/postgres.md, "Starts and sign-ins in groups"): one gave the
   * largest groups, the most starts a second and the lowest p99; more only split the same steps
   * into smaller groups that wait for each other's commit.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight || this.queue.length === 0) return;
      this.inFlight = true;
      void this.run(this.queue.splice(0, this.options.max ?? 64)).finally(() => {
        this.inFlight = false;
        this.schedule();
      });
    });
  }

  /**
   * Should the group's statement fail for another reason than an outage (a constraint one step
   * violates, a deadlock three times), each step runs again alone, in order, so the one at fault
   * fails alone. An outage fails the group and the steps queued meanwhile at once: they would wait
   * as long again for their own group (a 503 within 2 s).
   */
  private async run(group: Pending<I, O>[]): Promise<void> {
    const { together, alone, isOutage } = this.options;
    try {
      const outs = group.length === 1 ? [await alone(group[0]!.item)] : await together(group.map((p) => p.item));
      group.forEach((p, i) => p.resolve(outs[i]!));
      return;
    } catch (err) {
      if (isOutage(err)) {
        for (const p of [...group, ...this.queue.splice(0)]) p.reject(err);
        return;
      }
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
    }
    for (const p of group) {
      try {
        p.resolve(await alone(p.item));
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
