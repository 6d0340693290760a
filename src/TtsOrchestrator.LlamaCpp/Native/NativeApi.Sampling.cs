using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static unsafe partial class NativeApi
{
    /// <summary>Runs a sampler chain over candidates; thread-safe across different chains.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_sampler_apply(SafeLlamaSamplerHandle sampler, LlamaTokenDataArray* candidates);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_sampler_accept(SafeLlamaSamplerHandle sampler, int token);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern SafeLlamaSamplerHandle llama_sampler_chain_init(LlamaSamplerChainParams parameters);

    /// <summary>Adds <paramref name="sampler"/> to the chain, which takes ownership of it.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_sampler_chain_add(SafeLlamaSamplerHandle chain, IntPtr sampler);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_greedy();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_dist(uint seed);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_top_k(int k);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_top_p(float p, nuint minKeep);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_min_p(float p, nuint minKeep);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_sampler_init_temp(float t);

    /// <summary>Samples from output <paramref name="index"/> of the last batch and accepts the token.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_sampler_sample(SafeLlamaSamplerHandle sampler, SafeLlamaContextHandle context, int index);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_sampler_free(IntPtr sampler);
}
