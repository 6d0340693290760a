using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static unsafe partial class NativeApi
{
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_vocab_n_tokens(IntPtr vocab);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_vocab_bos(IntPtr vocab);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    public static extern bool llama_vocab_get_add_bos(IntPtr vocab);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    public static extern bool llama_vocab_is_eog(IntPtr vocab, int token);

    /// <summary>Returns the token count, or minus the needed size when <paramref name="maxTokens"/> is too small.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_tokenize(IntPtr vocab, byte* text, int textLength, int* tokens, int maxTokens,
        [MarshalAs(UnmanagedType.I1)] bool addSpecial, [MarshalAs(UnmanagedType.I1)] bool parseSpecial);

    /// <summary>Writes the UTF-8 bytes of a token (no NUL); returns minus the needed size when the buffer is too small.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_token_to_piece(IntPtr vocab, int token, byte* buffer, int length, int lstrip,
        [MarshalAs(UnmanagedType.I1)] bool special);
}
