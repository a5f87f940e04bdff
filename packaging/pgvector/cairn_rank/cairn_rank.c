/*
 * cairn_rank: the per-chunk ranking of Cairn's full-text search in C (docs/decisions/0026, addendum
 * stop 26). cairn_word_ranks_c gives the figure of migration V18's PL/pgSQL cairn_word_ranks, to the bit:
 * each word's ts_rank_cd r in the chunk's words, where the chunk holds it, counted as r / (r + saturation)
 * and summed in the words' order; 0 where it holds none or there are none.
 *
 * A ranking word is one lexeme (SearchSql quotes each), and ts_rank_cd of one lexeme is a sum over its
 * positions in the chunk: each position is a cover of its own, worth 1 / (1 / weight of its label). That
 * sum is computed here as ts_rank_cd computes it, step for step in the same order, from one binary search
 * of the chunk's lexemes, instead of ts_rank_cd's document representation, sort and cover search. Anything
 * else (a query of more than one item, a weight or prefix on the lexeme, a lexeme stored without
 * positions or with positions out of order, weights ts_rank_cd would refuse) goes to the server's own @@ and
 * ts_rank_cd.
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "tsearch/ts_type.h"
#include "tsearch/ts_utils.h"
#include "utils/array.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(cairn_word_ranks_c);

/* ts_rank_cd's default weights of labels D, C, B and A, for a negative weight in the array */
static const float4 default_weights[] = {0.1f, 0.2f, 0.4f, 1.0f};

/*
 * The inverted label weights as ts_rank_cd's calc_rank_cd makes them, or false where ts_rank_cd itself
 * must say what is wrong with the array (not one dimension, too short, a null, a weight above 1).
 */
static bool
inverted_weights(ArrayType *win, double *invws)
{
	float4	   *arrdata;

	if (ARR_ELEMTYPE(win) != FLOAT4OID || ARR_NDIM(win) != 1 || ARR_HASNULL(win)
		|| ArrayGetNItems(ARR_NDIM(win), ARR_DIMS(win)) < lengthof(default_weights))
		return false;
	arrdata = (float4 *) ARR_DATA_PTR(win);
	for (int i = 0; i < lengthof(default_weights); i++)
	{
		float4		w = (arrdata[i] >= 0) ? arrdata[i] : default_weights[i];

		if (w > 1.0)
			return false;
		invws[i] = 1.0 / (double) w;
	}
	return true;
}

/*
 * The chunk's entry for the query's one lexeme, or NULL where the chunk lacks it; *simple is false where the
 * query is not one plain lexeme, or the entry's positions are not what ts_rank_cd's sum walks in order, for
 * ts_rank_cd itself to rank.
 */
static WordEntry *
lexeme_entry(TSVector v, TSQuery q, bool *simple)
{
	QueryOperand *operand;
	char	   *lexeme;
	WordEntry  *entries = ARRPTR(v);
	char	   *strings = STRPTR(v);
	int			low = 0,
				high = v->size;

	*simple = false;
	if (q->size != 1 || GETQUERY(q)->type != QI_VAL)
		return NULL;
	operand = &GETQUERY(q)->qoperand;
	if (operand->weight != 0 || operand->prefix)
		return NULL;
	lexeme = GETOPERAND(q) + operand->distance;
	*simple = true;
	while (low < high)
	{
		int			mid = low + (high - low) / 2;
		WordEntry  *e = entries + mid;
		int			cmp = tsCompareString(lexeme, operand->length, strings + e->pos, e->len, false);

		if (cmp == 0)
		{
			if (!e->haspos)
				*simple = false;
			else
			{
				WordEntryPos *pos = POSDATAPTR(v, e);

				/* ts_rank_cd sums in position order: ascending and above 0, as tsvectors keep them */
				for (int i = 0; i < POSDATALEN(v, e); i++)
					if (WEP_GETPOS(pos[i]) == 0 || (i > 0 && WEP_GETPOS(pos[i]) <= WEP_GETPOS(pos[i - 1])))
						*simple = false;
			}
			return e;
		}
		if (cmp < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return NULL;
}

Datum
cairn_word_ranks_c(PG_FUNCTION_ARGS)
{
	TSVector	v;
	ArrayType  *words;
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	double		invws[lengthof(default_weights)];
	bool		weights_plain;
	double		s = 0;

	/* PL/pgSQL: IF words IS NULL THEN RETURN 0 */
	if (PG_ARGISNULL(1))
		PG_RETURN_FLOAT8(0);
	/* v @@ w is NULL for every word: nothing is added */
	if (PG_ARGISNULL(0))
		PG_RETURN_FLOAT8(0);

	v = PG_GETARG_TSVECTOR(0);
	words = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_ELEMTYPE(words) != TSQUERYOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("cairn_word_ranks_c: words must be a tsquery[]")));
	weights_plain = !PG_ARGISNULL(2) && inverted_weights(PG_GETARG_ARRAYTYPE_P(2), invws);
	deconstruct_array(words, TSQUERYOID, -1, false, TYPALIGN_INT, &elems, &nulls, &count);

	for (int i = 0; i < count; i++)
	{
		TSQuery		q;
		WordEntry  *entry;
		bool		simple;
		float4		r;

		/* IF v @@ w: a NULL word matches nothing */
		if (nulls[i])
			continue;
		q = DatumGetTSQuery(elems[i]);
		entry = lexeme_entry(v, q, &simple);
		if (simple && entry == NULL)
			continue;
		if (!simple && !DatumGetBool(DirectFunctionCall2(ts_match_vq, PointerGetDatum(v), PointerGetDatum(q))))
			continue;
		/* r := ts_rank_cd(weights, v, w): NULL, and so s from here on, if the weights are NULL */
		if (PG_ARGISNULL(2))
			PG_RETURN_NULL();
		if (simple && weights_plain)
		{
			/* calc_rank_cd over covers of one position each: Cpos = 1 / InvSum, no noise */
			WordEntryPos *pos = POSDATAPTR(v, entry);
			double		Wdoc = 0.0;

			for (int k = 0; k < POSDATALEN(v, entry); k++)
			{
				double		InvSum = 0.0;
				double		Cpos;

				InvSum += invws[WEP_GETWEIGHT(pos[k])];
				Cpos = ((double) 1) / InvSum;
				Wdoc += Cpos / ((double) (1 + 0));
			}
			r = (float4) Wdoc;
		}
		else
			r = DatumGetFloat4(DirectFunctionCall3(ts_rankcd_wtt, PG_GETARG_DATUM(2), PointerGetDatum(v),
												   PointerGetDatum(q)));
		/* s := s + r / (r + saturation): NULL if saturation is; float48pl, float48div and float8pl's own
		 * arithmetic and errors (division by zero, overflow) */
		if (PG_ARGISNULL(3))
			PG_RETURN_NULL();
		s = float8_pl(s, float8_div((float8) r, float8_pl((float8) r, PG_GETARG_FLOAT8(3))));
	}
	PG_RETURN_FLOAT8(s);
}
