# Sourced by ./landscape4j and scripts/java-tuned. Chooses OpenBLAS's kernel and the BLAS/OpenMP thread
# settings that DESIGN.md's speed facts found safe and fastest, unless the user already set them, and says
# what it chose on stderr (set LANDSCAPE4J_QUIET=1 to silence).
#
# Why: the OpenBLAS 0.3.19 bundled with ND4J M2.1 does not recognise recent AMD CPUs and falls back to a
# slow generic kernel; two OpenBLAS copies live in one process, and more than one BLAS thread crashed or spun.

landscape4j_blas_env() {
  local chosen=""
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    local flags=""
    if [ -r /proc/cpuinfo ]; then
      flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
    fi
    local core=""
    # Haswell on every CPU with AVX2, AVX-512 ones included: the OpenBLAS 0.3.19 bundled with ND4J computes wrong
    # double-precision products with its Cooperlake kernels and wrong eigenvectors (dsyev) with its SkylakeX and
    # Cooperlake ones (checked on AMD EPYC with avx512_bf16; landscape4j's BlasCheck refuses such a process).
    case " $flags " in
      *" avx2 "*) core=Haswell ;;
      *" avx "*) core=Sandybridge ;;
    esac
    if [ -n "$core" ]; then
      export OPENBLAS_CORETYPE="$core"
      chosen="OPENBLAS_CORETYPE=$core (from the CPU flags)"
    else
      chosen="OPENBLAS_CORETYPE unset (no known kernel for this CPU; OpenBLAS decides)"
    fi
  else
    chosen="OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE (set by the user)"
  fi
  if [ -z "${OPENBLAS_NUM_THREADS:-}" ]; then
    export OPENBLAS_NUM_THREADS=1
    chosen="$chosen, OPENBLAS_NUM_THREADS=1"
  else
    chosen="$chosen, OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS (user)"
  fi
  if [ -z "${OMP_NUM_THREADS:-}" ]; then
    local cores
    cores=$(nproc 2>/dev/null || echo 1)
    export OMP_NUM_THREADS="$cores"
    chosen="$chosen, OMP_NUM_THREADS=$cores"
  else
    chosen="$chosen, OMP_NUM_THREADS=$OMP_NUM_THREADS (user)"
  fi
  if [ -z "${ND4J_SKIP_BLAS_THREADS:-}" ]; then
    export ND4J_SKIP_BLAS_THREADS=1
  fi
  export LANDSCAPE4J_BLAS_CHOICE="$chosen"
  if [ -z "${LANDSCAPE4J_QUIET:-}" ] && [ -z "${LANDSCAPE4J_BLAS_LOGGED:-}" ]; then
    echo "landscape4j: $chosen" >&2
  fi
  export LANDSCAPE4J_BLAS_LOGGED=1
}
landscape4j_blas_env
