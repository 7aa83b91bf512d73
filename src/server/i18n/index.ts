/**
 * Every language's email and SMS texts (one file each, `src/server/i18n/<lang>.ts`, the tags of
 * LANGUAGES in src/protocol/i18n.ts), by tag.
 */
import type { MessageTexts } from './types.js';
import ar from './ar.js';
import bg from './bg.js';
import bn from './bn.js';
import ca from './ca.js';
import cs from './cs.js';
import da from './da.js';
import de from './de.js';
import el from './el.js';
import en from './en.js';
import es from './es.js';
import es_419 from './es-419.js';
import et from './et.js';
import fa from './fa.js';
import fi from './fi.js';
import fil from './fil.js';
import fr from './fr.js';
import fr_CA from './fr-CA.js';
import he from './he.js';
import hi from './hi.js';
import hr from './hr.js';
import hu from './hu.js';
import id from './id.js';
import is from './is.js';
import it from './it.js';
import ja from './ja.js';
import ko from './ko.js';
import lt from './lt.js';
import lv from './lv.js';
import ms from './ms.js';
import nb from './nb.js';
import nl from './nl.js';
import pl from './pl.js';
import pt_BR from './pt-BR.js';
import pt_PT from './pt-PT.js';
import ro from './ro.js';
import ru from './ru.js';
import sk from './sk.js';
import sl from './sl.js';
import sr from './sr.js';
import sv from './sv.js';
import sw from './sw.js';
import ta from './ta.js';
import th from './th.js';
import tr from './tr.js';
import uk from './uk.js';
import ur from './ur.js';
import vi from './vi.js';
import zh_CN from './zh-CN.js';
import zh_TW from './zh-TW.js';

export const TEXTS: ReadonlyMap<string, MessageTexts> = new Map<string, MessageTexts>([
  ['ar', ar],
  ['bg', bg],
  ['bn', bn],
  ['ca', ca],
  ['cs', cs],
  ['da', da],
  ['de', de],
  ['el', el],
  ['en', en],
  ['es', es],
  ['es-419', es_419],
  ['et', et],
  ['fa', fa],
  ['fi', fi],
  ['fil', fil],
  ['fr', fr],
  ['fr-CA', fr_CA],
  ['he', he],
  ['hi', hi],
  ['hr', hr],
  ['hu', hu],
  ['id', id],
  ['is', is],
  ['it', it],
  ['ja', ja],
  ['ko', ko],
  ['lt', lt],
  ['lv', lv],
  ['ms', ms],
  ['nb', nb],
  ['nl', nl],
  ['pl', pl],
  ['pt-BR', pt_BR],
  ['pt-PT', pt_PT],
  ['ro', ro],
  ['ru', ru],
  ['sk', sk],
  ['sl', sl],
  ['sr', sr],
  ['sv', sv],
  ['sw', sw],
  ['ta', ta],
  ['th', th],
  ['tr', tr],
  ['uk', uk],
  ['ur', ur],
  ['vi', vi],
  ['zh-CN', zh_CN],
  ['zh-TW', zh_TW],
]);
