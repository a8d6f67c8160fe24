/*
 * The instruction decoder for privileged-operation emulation (see
 * asm/insn-decode.h), for 64-bit code (64-bit PV guests) and 32-bit code
 * (32-bit PV guests, which run in compatibility mode).  16-bit code is
 * never emulated: a PV guest has no such segments of its own making that
 * reach these paths, and a 16-bit memory operand (0x67 in 32-bit code)
 * decodes as INSN_OTHER.
 *
 * Prefixes: operand size (0x66), address size (0x67), rep (0xf3/0xf2),
 * segment overrides, and in 64-bit mode a REX byte directly before the
 * opcode (in 32-bit mode 0x40..0x4f are inc/dec, never ours).  A lock
 * prefix is accepted only before the read-modify-write stores (xchg,
 * cmpxchg, and/or, bts/btr/btc), where it is legal; on every other
 * instruction here it would #UD on hardware, so those decode as
 * INSN_OTHER and the guest's fault is bounced as it was.
 */
#include <xen/lib.h>
#include <asm/insn-decode.h>

unsigned int insn_forced_prefix(const uint8_t *buf, unsigned int n)
{
    static const uint8_t sig[INSN_FORCED_PREFIX_LEN] = {
        0x0f, 0x0b, 'x', 'e', 'n'
    };

    if ( n < sizeof(sig) || memcmp(buf, sig, sizeof(sig)) )
        return 0;
    return sizeof(sig);
}

/*
 * Length of the ModRM-addressed memory operand at buf[i..n) (ModRM, SIB,
 * displacement), or 0 if it is a register operand or does not fit.
 */
static unsigned int modrm_mem_len(const uint8_t *buf, unsigned int i,
                                  unsigned int n)
{
    unsigned int mod, rm, len = 1;

    if ( i >= n )
        return 0;
    mod = buf[i] >> 6;
    rm = buf[i] & 7;
    if ( mod == 3 )
        return 0;
    if ( rm == 4 )
    {
        if ( i + 1 >= n )
            return 0;
        len++;                                  /* SIB */
        if ( mod == 0 && (buf[i + 1] & 7) == 5 )
            len += 4;                           /* no base: disp32 */
    }
    else if ( mod == 0 && rm == 5 )
        len += 4;                   /* disp32: RIP-relative in 64-bit mode */
    if ( mod == 1 )
        len += 1;
    else if ( mod == 2 )
        len += 4;
    return i + len <= n ? len : 0;
}

/*
 * Stores to memory: mov 88/89 /r, c6 /0 ib, c7 /0 iw/id; xchg 86/87 /r;
 * cmpxchg 0f b0/b1 /r.  @pre: buf[i] is ModRM.
 */
static enum insn_kind decode_store(const uint8_t *buf, unsigned int i,
                                   unsigned int n, uint8_t op,
                                   unsigned int rex, bool opsize16,
                                   struct insn *insn)
{
    unsigned int mlen = modrm_mem_len(buf, i, n), immlen;
    uint8_t modrm = buf[i];

    if ( !mlen )
        return INSN_OTHER;
    insn->opsize = !(op & 1) ? 1 : (rex & 8) ? 8 : opsize16 ? 2 : 4;
    if ( op != 0xc6 && op != 0xc7 )             /* the register is ModRM.reg */
    {
        insn->gpr = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
        /* Without REX, byte registers 4..7 are ah, ch, dh, bh. */
        if ( !(op & 1) && !rex && insn->gpr >= 4 )
        {
            insn->gpr -= 4;
            insn->gpr_high8 = true;
        }
        insn->len = i + mlen;
        return insn->kind = op == 0x86 || op == 0x87 ? INSN_XCHG_STORE :
                            op == 0xb0 || op == 0xb1 ? INSN_CMPXCHG_STORE :
                            INSN_MOV_STORE;
    }
    if ( (modrm >> 3) & 7 )
        return INSN_OTHER;                      /* c6/c7 /1../7: not a mov */
    immlen = insn->opsize == 8 ? 4 : insn->opsize;
    if ( i + mlen + immlen > n )
        return INSN_OTHER;
    insn->has_imm = true;
    switch ( immlen )
    {
    case 1: insn->imm = buf[i + mlen]; break;
    case 2: insn->imm = buf[i + mlen] | (buf[i + mlen + 1] << 8); break;
    default:
        insn->imm = (uint32_t)(buf[i + mlen] | (buf[i + mlen + 1] << 8) |
                               (buf[i + mlen + 2] << 16) |
                               ((uint32_t)buf[i + mlen + 3] << 24));
        if ( insn->opsize == 8 )
            insn->imm = (uint64_t)(int64_t)(int32_t)insn->imm;
        break;
    }
    insn->len = i + mlen + immlen;
    return insn->kind = INSN_MOV_STORE;
}

/* Little-endian immediate of len (1, 2 or 4) bytes, sign-extended. */
static int64_t imm_at(const uint8_t *p, unsigned int len)
{
    switch ( len )
    {
    case 1: return (int8_t)p[0];
    case 2: return (int16_t)(p[0] | (p[1] << 8));
    }
    return (int32_t)(p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24));
}

/*
 * Read-modify-write with an immediate: or/and 80 /1 /4 ib, 81 /1 /4
 * iw/id, 83 /1 /4 ib; bts/btr/btc 0f ba /5 /6 /7 ib.  @pre: buf[i] is
 * ModRM; op is 0xba for the 0f ba forms.
 */
static enum insn_kind decode_rmw(const uint8_t *buf, unsigned int i,
                                 unsigned int n, uint8_t op,
                                 unsigned int rex, bool opsize16,
                                 struct insn *insn)
{
    unsigned int mlen = modrm_mem_len(buf, i, n), immlen, reg;

    if ( !mlen || insn->rep )
        return INSN_OTHER;
    reg = (buf[i] >> 3) & 7;
    insn->opsize = op == 0x80 ? 1 : (rex & 8) ? 8 : opsize16 ? 2 : 4;
    if ( op == 0xba )
    {
        if ( reg < 5 )
            return INSN_OTHER;                  /* bt: no store */
        insn->rmw = reg == 5 ? RMW_BTS : reg == 6 ? RMW_BTR : RMW_BTC;
        immlen = 1;
    }
    else
    {
        if ( reg != 1 && reg != 4 )
            return INSN_OTHER;
        insn->rmw = reg == 1 ? RMW_OR : RMW_AND;
        immlen = op == 0x81 ? (insn->opsize == 2 ? 2 : 4) : 1;
    }
    if ( i + mlen + immlen > n )
        return INSN_OTHER;
    insn->has_imm = true;
    insn->imm = imm_at(buf + i + mlen, immlen);
    if ( op == 0xba )
        insn->imm &= 0xff;
    insn->len = i + mlen + immlen;
    return insn->kind = INSN_RMW_STORE;
}

/*
 * cmpxchg8b m64 (0f c7 /1): edx:eax against the memory, ecx:ebx stored if
 * equal.  With REX.W it is cmpxchg16b, not ours.  @pre: buf[i] is ModRM.
 */
static enum insn_kind decode_cmpxchg8b(const uint8_t *buf, unsigned int i,
                                       unsigned int n, unsigned int rex,
                                       struct insn *insn)
{
    unsigned int mlen = modrm_mem_len(buf, i, n);

    if ( !mlen || ((buf[i] >> 3) & 7) != 1 || (rex & 8) || insn->rep )
        return INSN_OTHER;
    insn->opsize = 8;
    insn->len = i + mlen;
    return insn->kind = INSN_CMPXCHG8B_STORE;
}

enum insn_kind insn_decode(const uint8_t *buf, unsigned int n,
                           enum insn_mode mode, struct insn *insn)
{
    unsigned int i = 0, rex = 0;
    bool opsize16 = false, addr_flip = false;
    uint8_t op, modrm;

    memset(insn, 0, sizeof(*insn));
    if ( n > INSN_MAX_LEN )
        n = INSN_MAX_LEN;

    /* Legacy prefixes, any order, then at most one REX (64-bit mode). */
    for ( ; i < n; i++ )
    {
        switch ( buf[i] )
        {
        case 0x66: opsize16 = true; continue;
        case 0x67: addr_flip = true; continue;
        case 0xf2: case 0xf3: insn->rep = true; continue;
        case 0x26: insn->seg = SEG_ES; continue;
        case 0x2e: insn->seg = SEG_CS; continue;
        case 0x36: insn->seg = SEG_SS; continue;
        case 0x3e: insn->seg = SEG_DS; continue;
        case 0x64: insn->seg = SEG_FS; continue;
        case 0x65: insn->seg = SEG_GS; continue;
        case 0xf0: insn->lock = true; continue;     /* xchg/cmpxchg only */
        }
        break;
    }
    if ( mode == INSN_MODE_64 )
    {
        insn->addr_size = addr_flip ? 4 : 8;
        if ( i < n && (buf[i] & 0xf0) == 0x40 )
            rex = buf[i++];
    }
    else
        insn->addr_size = addr_flip ? 2 : 4;
    if ( i >= n )
        return INSN_OTHER;

    op = buf[i++];
    insn->opsize = (op & 1) ? (opsize16 ? 2 : 4) : 1;
    switch ( op )
    {
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:     /* in/out imm8 */
        if ( i >= n )
            return INSN_OTHER;
        insn->port_imm = true;
        insn->port = buf[i++];
        insn->kind = (op & 2) ? INSN_OUT : INSN_IN;
        break;
    case 0xec: case 0xed:
        insn->kind = INSN_IN;
        break;
    case 0xee: case 0xef:
        insn->kind = INSN_OUT;
        break;
    case 0x6c: case 0x6d:
        insn->kind = INSN_INS;
        break;
    case 0x6e: case 0x6f:
        insn->kind = INSN_OUTS;
        break;
    case 0xf4:
        insn->kind = INSN_HLT;
        break;
    case 0xfa:
        insn->kind = INSN_CLI;
        break;
    case 0xfb:
        insn->kind = INSN_STI;
        break;
    case 0x88: case 0x89: case 0xc6: case 0xc7:
        if ( insn->rep || insn->lock || insn->addr_size == 2 )
            return INSN_OTHER;
        return decode_store(buf, i, n, op, rex, opsize16, insn);
    case 0x80: case 0x81: case 0x83:
        if ( insn->addr_size == 2 )
            return INSN_OTHER;
        return decode_rmw(buf, i, n, op, rex, opsize16, insn);
    case 0x86: case 0x87:                   /* xchg: locked with or without 0xf0 */
        if ( insn->rep || insn->addr_size == 2 )
            return INSN_OTHER;
        return decode_store(buf, i, n, op, rex, opsize16, insn);
    case 0x0f:
        if ( i >= n )
            return INSN_OTHER;
        op = buf[i++];
        switch ( op )
        {
        case 0xba:
            if ( insn->addr_size == 2 )
                return INSN_OTHER;
            return decode_rmw(buf, i, n, op, rex, opsize16, insn);
        case 0xb0: case 0xb1:
            if ( insn->rep || insn->addr_size == 2 )
                return INSN_OTHER;
            return decode_store(buf, i, n, op, rex, opsize16, insn);
        case 0xc7:
            if ( insn->addr_size == 2 )
                return INSN_OTHER;
            return decode_cmpxchg8b(buf, i, n, rex, insn);
        case 0xa2: insn->kind = INSN_CPUID; break;
        case 0x32: insn->kind = INSN_RDMSR; break;
        case 0x30: insn->kind = INSN_WRMSR; break;
        case 0x06: insn->kind = INSN_CLTS; break;
        case 0x09: insn->kind = INSN_WBINVD; break;
        case 0x08: insn->kind = INSN_INVD; break;
        case 0x01:                          /* 0f 01 d1: xsetbv only */
            if ( i >= n || buf[i] != 0xd1 || insn->rep )
                return INSN_OTHER;
            i++;
            insn->kind = INSN_XSETBV;
            break;
        case 0x20: case 0x21: case 0x22: case 0x23:
            /*
             * mov to/from CR/DR: the ModRM mod field is ignored (always a
             * register operand); reg names the control register.
             */
            if ( i >= n )
                return INSN_OTHER;
            modrm = buf[i++];
            insn->ctrl = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
            insn->gpr = (modrm & 7) | ((rex & 1) ? 8 : 0);
            insn->kind = op == 0x20 ? INSN_MOV_FROM_CR :
                         op == 0x22 ? INSN_MOV_TO_CR :
                         op == 0x21 ? INSN_MOV_FROM_DR : INSN_MOV_TO_DR;
            break;
        default:
            return INSN_OTHER;
        }
        break;
    default:
        return INSN_OTHER;
    }
    if ( insn->lock )
        return insn->kind = INSN_OTHER;
    insn->len = i;
    return insn->kind;
}
