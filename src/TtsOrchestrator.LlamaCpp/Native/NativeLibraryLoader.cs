using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary>Which build of the llama.cpp libraries is loaded.</summary>
public enum LlamaNativeVariant { Cpu, Cuda }

/// <summary>
/// Loads the pinned llama.cpp libraries from <c>llama/&lt;variant&gt;/</c> beside the assemblies and
/// initialises the backend, once per process, on first use (never in a static constructor). CUDA is
/// chosen when its libraries were shipped (<c>-p:LlamaCuda=true</c>) and an NVIDIA driver is present,
/// unless <c>TTS_LLAMA_VARIANT=cpu|cuda</c> says otherwise; <c>TTS_LLAMA_DIR</c> names another folder
/// holding <c>cpu/</c> and <c>cuda/</c>. llama.cpp's log goes to a small ring
/// buffer, so load errors can quote llama.cpp's own reason; <c>TTS_LLAMA_LOG=1</c> also echoes it to stderr.
/// </summary>
public static unsafe class NativeLibraryLoader
{
    private static readonly Lock Gate = new();
    private static readonly Queue<string> RecentLog = new();
    private static bool _echoLog;
    private static string? _directory;

    /// <summary>The variant in use once <see cref="EnsureInitialized"/> ran.</summary>
    public static LlamaNativeVariant? Variant { get; private set; }

    /// <summary>The folder the libraries were loaded from.</summary>
    public static string? Directory => _directory;

    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (Variant is not null) return;
            var (variant, dir) = ChooseVariant();
            _directory = dir;
            NativeLibrary.SetDllImportResolver(typeof(NativeApi).Assembly, Resolve);
            _echoLog = Environment.GetEnvironmentVariable("TTS_LLAMA_LOG") == "1";
            NativeApi.llama_log_set(&OnLog, IntPtr.Zero);
            NativeApi.ggml_backend_load_all_from_path(dir);
            NativeApi.llama_backend_init();
            Variant = variant;
        }
    }

    /// <summary>The last lines llama.cpp logged at warning level or above (newest last).</summary>
    public static string RecentErrors()
    {
        lock (RecentLog) return string.Join(" | ", RecentLog);
    }

    internal static void ClearRecentErrors()
    {
        lock (RecentLog) RecentLog.Clear();
    }

    private static (LlamaNativeVariant, string) ChooseVariant()
    {
        // Beside this assembly (test runners and hosts may have another base directory); TTS_LLAMA_DIR overrides.
        var here = Path.GetDirectoryName(typeof(NativeApi).Assembly.Location);
        var root = Environment.GetEnvironmentVariable("TTS_LLAMA_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(string.IsNullOrEmpty(here) ? AppContext.BaseDirectory : here, "llama");
        var cpu = Path.Combine(root, "cpu");
        var cuda = Path.Combine(root, "cuda");
        var forced = Environment.GetEnvironmentVariable("TTS_LLAMA_VARIANT")?.Trim().ToLowerInvariant();
        var cudaShipped = File.Exists(Path.Combine(cuda, "libllama.cuda.v0.5.0.so"));
        if (forced == "cuda" && !cudaShipped)
            throw new DllNotFoundException($"TTS_LLAMA_VARIANT=cuda but {cuda} holds no CUDA build; build with -p:LlamaCuda=true");
        var useCuda = forced switch
        {
            "cuda" => true,
            "cpu" => false,
            _ => cudaShipped && NativeLibrary.TryLoad("libcuda.so.1", out _),
        };
        if (useCuda) return (LlamaNativeVariant.Cuda, cuda);
        if (!File.Exists(Path.Combine(cpu, "libllama.v0.5.0.so")))
            throw new DllNotFoundException($"the llama.cpp libraries are missing from {cpu}; build the project (it fetches them with npm) or copy them there");
        return (LlamaNativeVariant.Cpu, cpu);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var cuda = Variant == LlamaNativeVariant.Cuda || _directory!.EndsWith("cuda", StringComparison.Ordinal);
        var file = name switch
        {
            NativeApi.Llama => cuda ? "libllama.cuda.v0.5.0.so" : "libllama.v0.5.0.so",  // = LlamaFileName once loaded
            NativeApi.Ggml => cuda ? "libggml.cuda.v0.5.0.so" : "libggml.v0.5.0.so",
            NativeApi.GgmlBase => "libggml-base.so",
            _ => null,
        };
        return file is null ? IntPtr.Zero : NativeLibrary.Load(Path.Combine(_directory!, file));
    }

    /// <summary>The file name of libllama in the loaded variant's folder.</summary>
    internal static string LlamaFileName => Variant == LlamaNativeVariant.Cuda ? "libllama.cuda.v0.5.0.so" : "libllama.v0.5.0.so";

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, IntPtr userData)
    {
        // ggml_log_level: 0 none, 1 debug, 2 info, 3 warn, 4 error, 5 cont.
        if (level is not (3 or 4) || text == null) return;
        var line = Marshal.PtrToStringUTF8((IntPtr)text)?.TrimEnd();
        if (string.IsNullOrEmpty(line)) return;
        lock (RecentLog)
        {
            RecentLog.Enqueue(line);
            while (RecentLog.Count > 8) RecentLog.Dequeue();
        }
        if (_echoLog) Console.Error.WriteLine($"llama.cpp: {line}");
    }

    internal static string Utf8(IntPtr text) => text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text) ?? "";

    internal static byte[] NullTerminated(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
